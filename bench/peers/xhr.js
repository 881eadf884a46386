// The floor for any XMLHttpRequest client (emscripten_fetch and axios both use XHR): one XHR
// per request with the token header, the answer read as bytes and parsed as emscripten_fetch
// hands it over, no refresh at all.
export async function createPeer({ baseURL }) {
  return {
    setTokens({ token }) {
      localStorage.setItem('xhr-token', token);
    },
    get(url) {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', baseURL + url);
        xhr.responseType = 'arraybuffer';
        xhr.setRequestHeader('X-Token', localStorage.getItem('xhr-token'));
        xhr.onload = () => {
          if (xhr.status !== 200) reject(new Error(`HTTP ${xhr.status}`));
          else resolve(JSON.parse(new TextDecoder().decode(xhr.response)));
        };
        xhr.onerror = () => reject(new Error('network error'));
        xhr.send();
      });
    },
    heapBytes: () => 0,
  };
}
