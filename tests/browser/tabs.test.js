// Behaviour 6 (docs/behaviour.md) and the security guarantees, in every engine: tabs of
// one origin share localStorage and a Web Lock, so one expiry means one
// refresh between them, even with single-use refresh tokens.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useDemoAndBrowser, untilEveryTabSees } from './fixture.js';
import { ENGINES } from './engines.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine);

    async function openTabs(count, query = '') {
      const context = await fixture.browser.newContext();
      const pages = [];
      for (let i = 0; i < count; i++) {
        const page = await context.newPage();
        await page.goto(`${fixture.demo.url}tests/browser/pages/tabs.html${query}`);
        await page.waitForFunction(() => window.tabReady === true);
        pages.push(page);
      }
      return { context, pages };
    }

    const everyTab = (pages, fn, arg) => Promise.all(pages.map((page) => page.evaluate(fn, arg)));


    async function logIn(pages) {
      await pages[0].evaluate(() => window.api.login());
      await untilEveryTabSees(pages, true);
    }

    for (const tabCount of [2, 3]) {
      test(`${tabCount} tabs firing 20 requests each at one expired token: one refresh, all succeed, nobody logged out`, async () => {
        const { context, pages } = await openTabs(tabCount);
        await logIn(pages);
        await fetch(`${fixture.demo.url}__control/expire`);
        const before = fixture.demo.backend.state.refreshCalls;
        const results = await everyTab(pages, (n) => window.api.burst(n), 20);
        assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
        for (const result of results) assert.deepEqual(result, { ok: 20, errors: [] });
        const tokens = await everyTab(pages, () => window.api.token());
        assert.ok(tokens[0] && tokens.every((token) => token === tokens[0]));
        await context.close();
      });
    }

    test('when the lock holder\'s refresh hangs, every tab times out cleanly and the next attempt succeeds', async () => {
      const { context, pages } = await openTabs(2, '?refreshTimeout=800');
      await logIn(pages);
      await fetch(`${fixture.demo.url}__control/expire`);
      await fetch(`${fixture.demo.url}__control/fail-refresh?kind=hang`);
      const first = await everyTab(pages, (n) => window.api.burst(n), 5);
      for (const result of first) {
        assert.equal(result.ok + result.errors.length, 5);
        assert.ok(result.errors.every((code) => code === 'ERR_REFRESH_FAILED'));
      }
      assert.ok(first.some((result) => result.errors.length > 0), 'the hung refresh failed somebody');
      const stats = await everyTab(pages, () => window.api.stats());
      assert.ok(stats.every((s) => s.inFlight === 0 && s.queueLength === 0));
      const second = await everyTab(pages, (n) => window.api.burst(n), 5);
      for (const result of second) assert.deepEqual(result, { ok: 5, errors: [] });
      assert.ok(await pages[1].evaluate(() => window.api.token()));
      await context.close();
    });

    const handoffRecord = (page) => page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('silent-refresh');
      open.onsuccess = () => {
        const request = open.result.transaction('handoff').objectStore('handoff').get('token');
        request.onsuccess = () => resolve(request.result ?? null);
        request.onerror = () => reject(request.error);
      };
      open.onerror = () => reject(open.error);
    }));

    test('logging out in one tab clears the token for the other, and in IndexedDB', async () => {
      const { context, pages } = await openTabs(2);
      await logIn(pages);
      await fetch(`${fixture.demo.url}__control/expire`);
      await pages[0].evaluate(() => window.api.burst(1)); // a refresh leaves a handoff for the other tabs
      const handoff = await handoffRecord(pages[0]);
      assert.equal(handoff.token, await pages[0].evaluate(() => window.api.token()));
      assert.equal(JSON.stringify(handoff).includes('refresh-'), false); // the refresh token never goes there
      await pages[1].evaluate(() => window.api.logout());
      await untilEveryTabSees(pages, false);
      let record = handoff;
      for (let tries = 0; record !== null && tries < 40; tries++) { // the delete lands asynchronously
        await new Promise((resolve) => setTimeout(resolve, 50));
        record = await handoffRecord(pages[0]);
      }
      assert.equal(record, null);
      await pages[0].evaluate(() => window.api.burst(1));
      assert.equal(fixture.demo.backend.log.at(-1).headers['x-token'], undefined);
      await context.close();
    });

    test('two clients in one page sharing a tokenKey make one refresh', async () => {
      const { context, pages } = await openTabs(1);
      await logIn(pages);
      await fetch(`${fixture.demo.url}__control/expire`);
      const before = fixture.demo.backend.state.refreshCalls;
      const result = await pages[0].evaluate((n) => window.api.twoClientsBurst(n), 10);
      assert.deepEqual(result, { ok: 20, errors: [] });
      assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
      await context.close();
    });

    test('a server on another origin never sees the token or the refresh token, and injection is refused', async () => {
      const seen = [];
      const thirdParty = http.createServer((req, res) => {
        seen.push({ method: req.method, headers: req.headers });
        res.writeHead(req.method === 'OPTIONS' ? 204 : 401, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': '*',
          'access-control-allow-methods': '*',
          'content-type': 'application/json',
        });
        res.end(req.method === 'OPTIONS' ? '' : '{"code":4001}');
      });
      await new Promise((resolve) => thirdParty.listen(0, '127.0.0.1', resolve));
      const elsewhere = `http://localhost:${thirdParty.address().port}`; // same host, another origin
      try {
        const { context, pages } = await openTabs(1);
        await logIn(pages);
        await fetch(`${fixture.demo.url}__control/expire`);
        const results = await pages[0].evaluate(async (url) => Promise.all([
          window.api.request({ url: '/api/mine' }),
          window.api.request({ url: `${url}/theirs` }),
          window.api.request({ url: `${url}/theirs`, method: 'POST', data: { x: 1 } }),
          window.api.request({ url: '/api/x', headers: { 'X-Evil': 'a\r\nX-Token: stolen' } }),
          window.api.request({ url: '/api/x', headers: { 'X-Evil\nInjected': '1' } }),
        ]), elsewhere);
        assert.deepEqual(results[0], { status: 200 });
        assert.equal(results[1].code, 'ERR_BAD_RESPONSE');
        assert.equal(results[3].code, 'ERR_BAD_OPTION');
        assert.equal(results[4].code, 'ERR_BAD_OPTION');
        assert.ok(seen.length >= 2);
        const token = await pages[0].evaluate(() => window.api.token());
        for (const entry of seen) {
          const headers = JSON.stringify(entry.headers);
          assert.ok(!headers.includes(token) && !/access-\d|refresh-\d/.test(headers), headers);
          assert.ok(!/x-token/i.test(headers), headers); // not even announced in a CORS preflight
        }
        assert.equal(fixture.demo.backend.state.refreshCalls > 0, true);
        await context.close();
      } finally {
        await new Promise((resolve) => thirdParty.close(resolve));
      }
    });
  });
}
