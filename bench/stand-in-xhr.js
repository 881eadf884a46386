// An XMLHttpRequest stand-in for the bench pages: it answers 200 with `answer` (a JSON text)
// without the network, so that a page can time a peer's own work. `later(deliver)` decides when
// the answer arrives: on a microtask, on a timer, as the page wants.
export function standInXHR(answer, later) {
  const bytes = new TextEncoder().encode(answer);
  return class StandInXHR extends EventTarget {
    readyState = 0; status = 0; statusText = ''; responseURL = ''; responseType = ''; response = null;
    responseText = ''; timeout = 0; withCredentials = false; upload = new EventTarget();
    onreadystatechange = null; onprogress = null; onload = null; onloadend = null; onerror = null; onabort = null;
    ontimeout = null;
    open(method, url) { this.url = new URL(url, location.href).href; this.readyState = 1; }
    setRequestHeader() {}
    overrideMimeType() {}
    abort() {}
    getAllResponseHeaders() { return `content-type: application/json\r\ncontent-length: ${bytes.length}\r\n`; }
    getResponseHeader(name) { return /^content-type$/i.test(name) ? 'application/json' : null; }
    fire(type) {
      const event = new ProgressEvent(type, { loaded: bytes.length, total: bytes.length });
      this[`on${type}`]?.(event);
      this.dispatchEvent(event);
    }
    send() {
      later(() => {
        Object.assign(this, { readyState: 4, status: 200, statusText: 'OK', responseURL: this.url, responseText: answer,
          response: this.responseType === 'arraybuffer' ? bytes.slice().buffer
            : this.responseType === 'json' ? JSON.parse(answer) : answer });
        for (const type of ['readystatechange', 'progress', 'load', 'loadend']) this.fire(type);
      });
    }
  };
}
