// The vertical slice in a real browser: page → wasm → emscripten_fetch (XHR)
// → the server on 127.0.0.1 → C settles a handle → the page's promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectPageErrors } from './browser.js';
import { useDemoAndChromium } from './fixture.js';

const fixture = useDemoAndChromium();

test('in Chromium, a request resolves through the wasm module, and an expiry is refreshed once for three requests', async () => {
  const page = await fixture.browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${fixture.demo.url}tests/browser/pages/slice.html`);
  await page.waitForFunction(() => window.sliceReady === true);
  const result = await page.evaluate(() => window.runSlice());
  assert.deepEqual(result, { first: '/api/hello', afterExpiry: ['/api/a', '/api/b', '/api/c'], stored: true, refreshes: 1 });
  assert.equal(fixture.demo.backend.state.refreshCalls, 1);
  assert.deepEqual(errors, []);
  await page.close();
});
