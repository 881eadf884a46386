// The README's "Your backend" configurations in every engine, against the real thing where there is one:
// an OpenID provider (oidc-provider) with rotating refresh tokens and reuse detection, and an
// httpOnly-cookie refresh token that no script can read. Both tabs of a browser share one refresh.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useDemoAndBrowser, untilEveryTabSees } from './fixture.js';
import { ENGINES } from './engines.js';
import { startOidcProvider } from '../support/oidc-provider.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    let oidc; // 60 s access tokens: they expire when a test says so
    let shortLived; // 3 s access tokens: they expire by themselves
    const fixture = useDemoAndBrowser(engine, {
      tokenLifetimeMs: 0,
      routes: { '/oidc-api/': (req, res) => oidc.api(req, res), '/short-api/': (req, res) => shortLived.api(req, res) },
    });

    before(async () => {
      await fixture.ready;
      const appOrigin = new URL(fixture.demo.url).origin;
      [oidc, shortLived] = await Promise.all([startOidcProvider({ accessTokenSeconds: 60, appOrigin }),
        startOidcProvider({ accessTokenSeconds: 3, appOrigin })]);
    });
    after(() => Promise.all([oidc?.close(), shortLived?.close()]));

    async function openTabs(count, query) {
      const context = await fixture.browser.newContext();
      const pages = [];
      for (let i = 0; i < count; i++) {
        const page = await context.newPage();
        await page.goto(`${fixture.demo.url}tests/browser/pages/backend.html?${new URLSearchParams(query)}`);
        await page.waitForFunction(() => window.pageReady === true);
        pages.push(page);
      }
      return { context, pages };
    }

    const oauthQuery = (provider, apiPath, extra = {}) => ({ backend: 'oauth', tokenEndpoint: provider.tokenEndpoint, apiPath, ...extra });

    test('OIDC: 50 requests after expiry make one refresh at the provider, and all succeed', async () => {
      const { context, pages: [page] } = await openTabs(1, oauthQuery(oidc, '/oidc-api'));
      const { grantId, ...tokens } = await oidc.signIn();
      await page.evaluate((t) => window.api.setTokens(t), tokens);
      await oidc.expireAccessTokens();
      const before = oidc.stats.refreshCalls;
      const result = await page.evaluate(() => window.api.burst(50));
      assert.deepEqual(result, { ok: 50, errors: [] });
      assert.equal(oidc.stats.refreshCalls - before, 1);
      assert.ok(await oidc.grantExists(grantId));
      await context.close();
    });

    test('OIDC: two tabs firing 20 each at the expiry make one refresh between them; the rotated token is never reused', async () => {
      const { context, pages } = await openTabs(2, oauthQuery(oidc, '/oidc-api'));
      const { grantId, ...tokens } = await oidc.signIn();
      await pages[0].evaluate((t) => window.api.setTokens(t), tokens);
      await untilEveryTabSees(pages);
      await oidc.expireAccessTokens();
      const before = { refreshes: oidc.stats.refreshCalls, failures: oidc.stats.refreshFailures };
      const results = await Promise.all(pages.map((page) => page.evaluate(() => window.api.burst(20))));
      assert.deepEqual(results, [{ ok: 20, errors: [] }, { ok: 20, errors: [] }]);
      assert.equal(oidc.stats.refreshCalls - before.refreshes, 1);
      assert.equal(oidc.stats.refreshFailures - before.failures, 0, 'a second refresh with the rotated token would revoke the grant');
      assert.ok(await oidc.grantExists(grantId));
      await context.close();
    });

    test('OIDC: with beforeExpiry, opaque 3 s tokens are refreshed ahead: a request every 300 ms for three lifetimes meets no 401', async () => {
      const { context, pages: [page] } = await openTabs(1, oauthQuery(shortLived, '/short-api', { beforeExpiry: 1 }));
      const { grantId, ...tokens } = await shortLived.signIn(); // expiresIn: 3
      await page.evaluate((t) => window.api.setTokens(t), tokens);
      const before = { unauthorized: shortLived.stats.unauthorized, refreshes: shortLived.stats.refreshCalls };
      const started = Date.now();
      while (Date.now() - started < 9000) {
        assert.deepEqual(await page.evaluate(() => window.api.request('/tick')), { status: 200 });
        await new Promise((resolve) => setTimeout(resolve, 300)); // the pace of the requests, not a wait for a result
      }
      assert.equal(shortLived.stats.unauthorized - before.unauthorized, 0);
      assert.ok(shortLived.stats.refreshCalls - before.refreshes >= 3);
      assert.equal(await page.evaluate(() => window.api.retries()), 0);
      assert.ok(await shortLived.grantExists(grantId));
      await context.close();
    });

    test('OIDC: a grant revoked on the server fails every waiting request definitively, clears the tokens, ends the session once', async () => {
      const { context, pages: [page] } = await openTabs(1, oauthQuery(oidc, '/oidc-api'));
      const { grantId, ...tokens } = await oidc.signIn();
      await page.evaluate((t) => window.api.setTokens(t), tokens);
      await oidc.expireAccessTokens();
      await oidc.revokeGrant(grantId);
      const result = await page.evaluate(() => window.api.burst(5));
      assert.equal(result.ok, 0);
      assert.equal(result.errors.length, 5);
      for (const error of result.errors) assert.match(error, /^ERR_REFRESH_FAILED: /);
      assert.equal(await page.evaluate(() => window.api.token()), null);
      await page.waitForFunction(() => window.api.sessionsEnded() === 1, null, { timeout: 5000 });
      await context.close();
    });

    test('cookie mode: 50 requests after expiry, one refresh through the httpOnly cookie, and no script can see a refresh token', async () => {
      const { context, pages: [page] } = await openTabs(1, { backend: 'cookie' });
      await page.evaluate(() => window.api.cookieLogin());
      await fetch(`${fixture.demo.url}__control/expire`);
      const before = fixture.demo.backend.state.refreshCalls;
      assert.deepEqual(await page.evaluate(() => window.api.burst(50)), { ok: 50, errors: [] });
      assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
      const [refresh] = fixture.demo.backend.requestsTo('/cookie/refresh').slice(-1);
      assert.match(refresh.headers.cookie, /^rt=refresh-/);
      assert.equal(refresh.body.length, 0);
      assert.doesNotMatch(await page.evaluate(() => window.api.scriptVisible()), /refresh-/);
      await context.close();
    });

    test('cookie mode: two tabs firing 20 each at the expiry make one refresh, and none fails', async () => {
      const { context, pages } = await openTabs(2, { backend: 'cookie' });
      await pages[0].evaluate(() => window.api.cookieLogin());
      await untilEveryTabSees(pages);
      await fetch(`${fixture.demo.url}__control/expire`);
      const before = fixture.demo.backend.state.refreshCalls;
      const results = await Promise.all(pages.map((page) => page.evaluate(() => window.api.burst(20))));
      assert.deepEqual(results, [{ ok: 20, errors: [] }, { ok: 20, errors: [] }]);
      assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
      for (const page of pages) assert.doesNotMatch(await page.evaluate(() => window.api.scriptVisible()), /refresh-/);
      await context.close();
    });

    test('withCredentials, per request and as the client\'s default, sends cookies to another origin; without it none go', async () => {
      // Another origin on 127.0.0.1 (another port: the same site, so its SameSite=Lax cookie may travel).
      const appOrigin = new URL(fixture.demo.url).origin;
      const other = http.createServer((req, res) => {
        const headers = { 'access-control-allow-origin': appOrigin, 'access-control-allow-credentials': 'true',
          'content-type': 'application/json' };
        if (req.url === '/set') headers['set-cookie'] = 'seen=1; SameSite=Lax; Path=/';
        res.writeHead(200, headers).end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
      });
      await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
      const otherOrigin = `http://127.0.0.1:${other.address().port}`;
      try {
        const { context, pages: [page] } = await openTabs(1, { backend: 'seed' });
        const get = (path, config) => page.evaluate(([url, c]) => window.api.data(url, c), [`${otherOrigin}${path}`, config]);
        await get('/set', { withCredentials: true, skipAuth: true });
        assert.deepEqual(await get('/echo', { skipAuth: true }), { cookie: null });
        assert.deepEqual(await get('/echo', { withCredentials: true, skipAuth: true }), { cookie: 'seen=1' });
        const byDefault = await context.newPage();
        await byDefault.goto(`${fixture.demo.url}tests/browser/pages/backend.html?backend=seed&withCredentials`);
        await byDefault.waitForFunction(() => window.pageReady === true);
        assert.deepEqual(await byDefault.evaluate((url) => window.api.data(url, { skipAuth: true }), `${otherOrigin}/echo`),
          { cookie: 'seen=1' });
        await context.close();
      } finally {
        other.closeAllConnections();
        await new Promise((resolve) => other.close(resolve));
      }
    });
  });
}
