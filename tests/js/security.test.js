// Behaviour 5: the access token only to tokenOrigins, the refresh token only
// to refresh.url; injection refused; no token in errors or events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withScenario, withBackend } from './helpers.js';

test('an absolute URL to another origin never receives the token or the refresh token, even across a refresh', async () => {
  await withScenario({}, async (s) => {
    await withBackend({}, async (thirdParty, thirdOrigin) => {
      s.backend.expireAccessTokens();
      // The third party answers "expired" too: that must not make us refresh or retry towards it.
      thirdParty.setExpiryMode('401');
      const results = await Promise.allSettled([
        s.client.get('/api/mine'),
        s.client.get(`${thirdOrigin}/api/theirs`),
        s.client.post(`${thirdOrigin}/api/theirs`, { x: 1 }),
      ]);
      assert.equal(results[0].status, 'fulfilled');
      assert.equal(results[1].reason.code, 'ERR_BAD_RESPONSE');
      assert.equal(thirdParty.log.length, 2);
      const tokens = [s.client.getToken(), ...s.backend.log.map((e) => e.headers['x-token']).filter(Boolean)];
      for (const entry of thirdParty.log) {
        const seen = JSON.stringify(entry.headers) + entry.body.toString();
        assert.equal(entry.headers['x-token'], undefined);
        for (const token of tokens) assert.ok(!seen.includes(token));
        assert.ok(!/refresh-\d/.test(seen));
      }
      assert.equal(s.backend.state.refreshCalls, 1);
    });
  });
});

test('tokenOrigins can allow another origin explicitly', async () => {
  await withBackend({}, async (thirdParty, thirdOrigin) => {
    await withScenario({ clientOptions: { tokenOrigins: [thirdOrigin] } }, async (s) => {
      const token = s.client.getToken();
      thirdParty.inject('/api/x', { raw: '{"code":0}' });
      await s.client.get(`${thirdOrigin}/api/x`);
      await s.client.get('/api/mine');
      assert.equal(thirdParty.log[0].headers['x-token'], token);
      assert.equal(s.backend.log.at(-1).headers['x-token'], undefined);
    });
  });
});

test('the refresh token is sent to refresh.url only, in the body or in a header as configured', async () => {
  for (const refresh of [{}, { bodyField: null, header: 'X-Refresh-Token' }]) {
    await withScenario({ clientOptions: { refresh } }, async (s) => {
      s.backend.expireAccessTokens();
      await s.client.post('/api/a', { x: 1 });
      const refreshCalls = s.backend.requestsTo('/refreshtoken');
      assert.equal(refreshCalls.length, 1);
      for (const entry of s.backend.log) {
        const text = JSON.stringify(entry.headers) + entry.body.toString();
        assert.equal(/refresh-\d/.test(text), entry.path === '/refreshtoken', entry.path);
      }
      if (refresh.header) assert.match(refreshCalls[0].headers['x-refresh-token'], /^refresh-/);
    });
  }
});

test('a tokenPrefix is put before the token in the configured header', async () => {
  await withScenario({ clientOptions: { tokenHeader: 'Authorization', tokenPrefix: 'Bearer ' } }, async (s) => {
    await s.client.get('/api/x');
    assert.equal(s.backend.log.at(-1).headers.authorization, `Bearer ${s.client.getToken()}`);
  });
});

test('no error message, event payload but "refreshed", or stats value contains a token', async () => {
  await withScenario({}, async (s) => {
    const payloads = [];
    for (const name of ['refresh', 'queued', 'retry', 'refreshfailed']) s.client.on(name, (p) => payloads.push(p));
    const tokens = () => [s.client.getToken(), ...s.backend.log.map((e) => e.headers['x-token'])].filter(Boolean);
    s.backend.expireAccessTokens();
    await s.client.get('/api/a');
    s.backend.expireAccessTokens();
    s.backend.inject('/refreshtoken', { status: 401 });
    const error = await s.client.get('/api/b').catch((e) => e);
    const everything = [error.message, error.stack, JSON.stringify(payloads), JSON.stringify(s.client.stats()),
      ...payloads.map((p) => p.message ?? '')].join('\n');
    for (const token of tokens()) assert.ok(!everything.includes(token));
    assert.ok(!/refresh-\d/.test(everything));
  });
});

test('an answer whose origin the transport cannot tell is delivered as it is: no refresh, no replay', async () => {
  // An XMLHttpRequest that never reports responseURL stands for every way the wasm host can lose
  // track of where an answer came from (wasm/host.c); such an answer may be a redirect's.
  const RealXMLHttpRequest = globalThis.XMLHttpRequest;
  globalThis.XMLHttpRequest = class WithoutResponseURL extends RealXMLHttpRequest {
    get responseURL() { return ''; }
    set responseURL(ignored) {}
  };
  try {
    await withScenario({}, async (s) => {
      s.backend.expireAccessTokens();
      const answer = await s.client.get('/api/a');
      assert.equal(answer.data.code, 4001);
      s.backend.setExpiryMode('401');
      const error = await s.client.get('/api/b').catch((e) => e);
      assert.equal(error.code, 'ERR_BAD_RESPONSE');
      assert.equal(error.response.status, 401);
      assert.equal(s.backend.state.refreshCalls, 0);
      assert.equal(s.backend.requestsTo('/api/a').length + s.backend.requestsTo('/api/b').length, 2);
    });
  } finally {
    globalThis.XMLHttpRequest = RealXMLHttpRequest;
  }
});
