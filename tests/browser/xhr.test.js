// The XMLHttpRequest behind each request, in every engine: emscripten_fetch puts progress and
// readystatechange handlers on it that nothing reads, and a browser dispatches those events before
// load when they have listeners (in WebKit this was most of our per-request time over raw fetch:
// README, "Benchmarks"). wasm/client.c drops them once the request is sent.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine);

    test('a request\'s XHR has no progress or readystatechange handler by the time its answer arrives', async () => {
      const page = await fixture.browser.newPage();
      try {
        await page.goto(`${fixture.demo.url}tests/browser/pages/startup.html`);
        await page.waitForFunction(() => window.pageReady === true);
        const seen = await page.evaluate(async () => {
          const seenAtLoad = [];
          const send = XMLHttpRequest.prototype.send;
          XMLHttpRequest.prototype.send = function (...args) {
            // The spec's last progress event comes just before load (a load listener would run
            // after the client has already settled the request).
            this.addEventListener('progress', () => seenAtLoad.push({
              onprogress: this.onprogress === null, onreadystatechange: this.onreadystatechange === null,
            }), { once: true });
            return send.apply(this, args);
          };
          const status = await window.api.firstRequest();
          XMLHttpRequest.prototype.send = send;
          return { status, seenAtLoad };
        });
        assert.equal(seen.status, 200);
        assert.deepEqual(seen.seenAtLoad, [{ onprogress: true, onreadystatechange: true }]);
      } finally {
        await page.close();
      }
    });
  });
}
