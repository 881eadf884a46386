// Fault injection in every engine: the server drops connections mid-body, answers
// garbage, resets during the refresh, stalls past timeouts, fails in bursts;
// the page goes offline and back. After each: every request settled with the
// right code, nothing pending, the wasm heap back to steady, and the next
// request works.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { tokenLifetimeMs: 0 });
    let context;
    let page;
    let steadyHeap;

    before(async () => {
      await fixture.ready;
      context = await fixture.browser.newContext();
      page = await context.newPage();
      await page.goto(`${fixture.demo.url}tests/browser/pages/tabs.html?refreshTimeout=1000`);
      await page.waitForFunction(() => window.tabReady === true);
      await page.evaluate(() => window.api.login());
      await page.evaluate(() => window.api.request({ url: '/api/warm-up' }));
      steadyHeap = (await page.evaluate(() => window.api.stats())).heapBytes;
    });

    const control = (path) => fetch(`${fixture.demo.url}__control/${path}`);
    const burst = (count, config) => page.evaluate((configs) => window.api.many(configs),
      Array.from({ length: count }, (_, i) => ({ url: `/api/fault/${i}`, ...config })));

    async function expectRecovered() {
      const stats = await page.evaluate(() => window.api.stats());
      assert.equal(stats.inFlight, 0);
      assert.equal(stats.queueLength, 0);
      assert.ok(stats.heapBytes - steadyHeap <= 256, `heap ${stats.heapBytes} vs steady ${steadyHeap}`);
      await control('clear-faults');
      assert.deepEqual(await page.evaluate(() => window.api.request({ url: '/api/after' })), { status: 200 });
    }

    const codes = (results) => results.map((r) => r.code ?? r.status);

    test('connections dropped in the middle of a body fail with ERR_NETWORK', async () => {
      await control('fault?kind=midbody&path=/api/fault/0');
      await control('fault?kind=midbody&path=/api/fault/1');
      const results = await burst(3);
      assert.deepEqual(codes(results), ['ERR_NETWORK', 'ERR_NETWORK', 200]);
      assert.ok(results[0].transient);
      await expectRecovered();
    });

    test('garbage instead of HTTP settles as the browser reads it, and nothing stays pending', async () => {
      await control('fault?kind=garbage&path=/api/fault/0');
      const results = await burst(2);
      // Chromium and WebKit refuse bytes that are not HTTP (a network error); Firefox reads them as an
      // HTTP/0.9 answer: status 200, the bytes as the body. Either way the client settles what the
      // browser reports.
      const garbage = engine === 'firefox' ? { status: 200 } : { code: 'ERR_NETWORK', transient: true };
      assert.deepEqual(codes(results), [garbage.status ?? garbage.code, 200]);
      if (garbage.transient) assert.equal(results[0].transient, true);
      await expectRecovered();
    });

    test('a connection reset during the refresh fails the waiters transiently and keeps the session', async () => {
      await control('expire');
      // Chromium retries a request whose reused connection was reset (we saw three retries of one
      // refresh), so every attempt is reset until the faults are cleared.
      await control('fault?kind=reset&times=20');
      const results = await burst(5);
      assert.deepEqual([...new Set(codes(results))], ['ERR_REFRESH_FAILED']);
      assert.ok(results.every((r) => r.transient));
      assert.ok(await page.evaluate(() => window.api.token()));
      await expectRecovered();
    });

    test('answers slower than the timeout fail with ECONNABORTED', async () => {
      await control('fault?kind=hang&path=/api/fault/0');
      await control('fault?kind=hang&path=/api/fault/1');
      const results = await burst(3, { timeout: 300 });
      assert.deepEqual(codes(results), ['ECONNABORTED', 'ECONNABORTED', 200]);
      await expectRecovered();
    });

    test('a burst of 5xx answers fails with ERR_BAD_RESPONSE, transient, with the response', async () => {
      for (let i = 0; i < 4; i++) await control(`fault?kind=503&path=/api/fault/${i}`);
      const results = await burst(6);
      assert.deepEqual(codes(results), ['ERR_BAD_RESPONSE', 'ERR_BAD_RESPONSE', 'ERR_BAD_RESPONSE', 'ERR_BAD_RESPONSE', 200, 200]);
      assert.ok(results.slice(0, 4).every((r) => r.transient));
      await expectRecovered();
    });

    test('5xx bursts on the refresh endpoint fail the waiters transiently; the next expiry refreshes', async () => {
      await control('expire');
      await control('fault?kind=503&times=1');
      assert.deepEqual([...new Set(codes(await burst(4)))], ['ERR_REFRESH_FAILED']);
      assert.deepEqual([...new Set(codes(await burst(4)))], [200]);
      await expectRecovered();
    });

    test('offline fails with ERR_NETWORK; back online, requests work again', async () => {
      // WebKitGTK's WebDriver cannot take a page offline (context.setOffline is missing there, see
      // engines.js): the server drops every connection instead, which reaches the client the same way.
      const setOffline = context.setOffline ?? ((offline) => fixture.demo.setDropping(offline));
      await setOffline(true);
      const results = await burst(3);
      assert.deepEqual([...new Set(codes(results))], ['ERR_NETWORK']);
      await setOffline(false);
      await expectRecovered();
    });
  });
}
