// The redirect guard in every engine: a token-bearing request that the API redirects (302) to another
// origin, which answers "expired", starts no refresh and is not replayed; the foreign answer settles
// the request as it is. Whether the browser forwarded the token header on the redirect is its own
// CORS behaviour, not ours: the test reports it (README, "Security", says what a server should do).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { tokenLifetimeMs: 0 });
    let foreign;

    /** A second origin on 127.0.0.1 that lets the demo's page read its answers (CORS) and answers "expired". */
    function startForeignOrigin(pageOrigin) {
      const log = [];
      const state = { expiry: '401' };
      const server = http.createServer((req, res) => {
        log.push({ method: req.method, headers: req.headers });
        const cors = {
          'access-control-allow-origin': pageOrigin,
          'access-control-allow-headers': 'x-token, authorization',
          'content-type': 'application/json',
        };
        if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
        res.writeHead(state.expiry === '401' ? 401 : 200, cors).end(JSON.stringify({ code: 4001, message: 'expired' }));
      });
      return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        log,
        state,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      })));
    }

    before(async () => {
      await fixture.ready;
      foreign = await startForeignOrigin(new URL(fixture.demo.url).origin);
    });
    after(() => foreign?.close());

    const cases = [
      { name: 'X-Token header, 401', query: '', header: 'x-token', expiry: '401', expected: { code: 'ERR_BAD_RESPONSE' } },
      { name: 'X-Token header, {"code":4001}', query: '', header: 'x-token', expiry: 'body', expected: { status: 200 } },
      { name: 'Authorization: Bearer, 401', query: '?tokenHeader=Authorization&tokenPrefix=Bearer%20', header: 'authorization',
        expiry: '401', expected: { code: 'ERR_BAD_RESPONSE' } },
    ];

    for (const { name, query, header, expiry, expected } of cases) {
      test(`redirected to another origin that answers "expired" (${name}): no refresh, no replay, the foreign answer settles it`, async (t) => {
        const page = await fixture.browser.newPage();
        await page.goto(`${fixture.demo.url}tests/browser/pages/tabs.html${query}`);
        await page.waitForFunction(() => window.tabReady === true);
        await page.evaluate(() => window.api.login());
        foreign.log.length = 0;
        foreign.state.expiry = expiry;
        const refreshesBefore = fixture.demo.backend.state.refreshCalls;
        const target = `${foreign.origin}/api/elsewhere`;
        const result = await page.evaluate((url) => window.api.request({ url }), `/api/redirect?to=${encodeURIComponent(target)}`);

        assert.equal(result.code ?? undefined, expected.code);
        assert.equal(result.status ?? undefined, expected.status);
        assert.equal(fixture.demo.backend.state.refreshCalls, refreshesBefore, 'no refresh');
        const gets = foreign.log.filter((entry) => entry.method === 'GET');
        assert.equal(gets.length, 1, 'the foreign origin saw the request once: no replay');
        assert.equal(fixture.demo.backend.requestsTo('/api/redirect').length > 0, true);
        const forwarded = gets[0].headers[header] !== undefined;
        t.diagnostic(`${engine} ${forwarded ? 'forwarded' : 'dropped'} the ${header} header on the cross-origin redirect` +
          ` (preflight: ${foreign.log.some((entry) => entry.method === 'OPTIONS') ? 'yes' : 'no'})`);
        const stats = await page.evaluate(() => window.api.stats());
        assert.equal(stats.inFlight + stats.queueLength, 0);
        await page.close();
      });
    }
  });
}
