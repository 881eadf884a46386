// The vertical slice in a real browser: page → wasm → emscripten_fetch (XHR)
// → the server on 127.0.0.1 → C settles a handle → the page's promise.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine);

    test('a request resolves through the wasm module, and an expiry is refreshed once for three requests', async () => {
      const page = await fixture.browser.newPage();
      await page.goto(`${fixture.demo.url}tests/browser/pages/slice.html`);
      await page.waitForFunction(() => window.sliceReady === true);
      const result = await page.evaluate(() => window.runSlice());
      assert.deepEqual(result, { first: '/api/hello', afterExpiry: ['/api/a', '/api/b', '/api/c'], stored: true, refreshes: 1 });
      assert.equal(fixture.demo.backend.state.refreshCalls, 1);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });
  });
}
