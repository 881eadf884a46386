// refresh.beforeExpiry for every token, not only the first (SimpleJWT's 3 s tokens used to run into
// a 401 after each refresh): JWT access tokens that live 2 s, refreshed 1 s ahead, a request every
// 200 ms for 7 s. The page reads each token's exp itself (js-glue/client.js, tokenExpiry).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { tokenLifetimeMs: 2000, jwtTokens: true });

    test('a chain of refreshed JWTs is refreshed ahead of each exp: no request is ever answered "expired"', async () => {
      const page = await fixture.browser.newPage();
      await page.goto(`${fixture.demo.url}tests/browser/pages/backend.html?backend=seed&beforeExpiry=1`);
      await page.waitForFunction(() => window.pageReady === true);
      await page.evaluate(() => window.api.login());
      const started = Date.now();
      while (Date.now() - started < 7000) {
        assert.deepEqual(await page.evaluate(() => window.api.request('/api/tick')), { status: 200 });
        await new Promise((resolve) => setTimeout(resolve, 200)); // the pace of the requests, not a wait for a result
      }
      assert.equal(await page.evaluate(() => window.api.retries()), 0, 'a request was answered "expired" and replayed');
      assert.ok(fixture.demo.backend.state.refreshCalls >= 3, `${fixture.demo.backend.state.refreshCalls} refreshes`);
      await page.close();
    });
  });
}
