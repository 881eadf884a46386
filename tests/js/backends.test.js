// Refresh that fits real backends (README "Your backend"), with the configurations of
// web-demo/backends/ as the README shows them: an OpenID provider's token endpoint (the real
// oidc-provider), SimpleJWT's shape, a bare-token answer with the token in the query, the app's own
// token store, getTokenSilently(), and proactive refresh for opaque tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createClient } from '../../js-glue/index.js';
import { oauthOptions } from '../../web-demo/backends/oauth.js';
import { djangoOptions } from '../../web-demo/backends/django.js';
import { startOidcProvider } from '../support/oidc-provider.js';
import { withScenario, withBackend, settleAll, waitFor } from './helpers.js';

let keys = 0;
/** A client with storage keys of its own in page memory. */
function clientWith(options) {
  keys += 1;
  return createClient({ storage: 'memory', tokenKey: `backend-token-${keys}`, refreshTokenKey: `backend-refresh-${keys}`, ...options });
}

async function withOidc({ accessTokenSeconds }, run) {
  const api = http.createServer((req, res) => oidc.api(req, res));
  await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
  const apiOrigin = `http://127.0.0.1:${api.address().port}`;
  const oidc = await startOidcProvider({ accessTokenSeconds, appOrigin: apiOrigin });
  try {
    await run(oidc, apiOrigin);
  } finally {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
    await oidc.close();
  }
}

test('OAuth 2.0 against oidc-provider: a form refresh with grant_type and client_id, 50 expired requests, one refresh', async () => {
  await withOidc({ accessTokenSeconds: 60 }, async (oidc, api) => {
    const client = clientWith(oauthOptions({ api, tokenEndpoint: oidc.tokenEndpoint, clientId: 'spa' }));
    const { grantId, ...tokens } = await oidc.signIn();
    client.setTokens(tokens);
    await oidc.expireAccessTokens();
    const results = await settleAll(Array.from({ length: 50 }, (_, i) => client.get(`/api/${i}`)));
    assert.deepEqual(results.map((r) => r.status), Array(50).fill(200));
    assert.equal(oidc.stats.refreshCalls, 1);
    assert.ok(await oidc.grantExists(grantId));
    assert.notEqual(client.getToken(), tokens.token);
    client.destroy();
  });
});

test('OAuth 2.0 against oidc-provider: a revoked grant fails every waiter definitively, clears the tokens, onRefreshFailed once', async () => {
  await withOidc({ accessTokenSeconds: 60 }, async (oidc, api) => {
    let sessionsEnded = 0;
    const client = clientWith({ ...oauthOptions({ api, tokenEndpoint: oidc.tokenEndpoint, clientId: 'spa' }),
      onRefreshFailed: () => { sessionsEnded += 1; } });
    const { grantId, ...tokens } = await oidc.signIn();
    client.setTokens(tokens);
    await oidc.expireAccessTokens();
    await oidc.revokeGrant(grantId);
    const errors = await settleAll(Array.from({ length: 5 }, (_, i) => client.get(`/api/${i}`)));
    for (const error of errors) {
      assert.equal(error.code, 'ERR_REFRESH_FAILED');
      assert.equal(error.transient, false);
    }
    // The ones that waited for the refresh say why it failed; any "expired" that arrives after it
    // shares the outcome ("the session ended while the request was in flight").
    assert.ok(errors.some((error) =>
      /refused the refresh token \(POST http:\/\/127\.0\.0\.1:\d+\/token answered 400/.test(error.message)));
    assert.equal(client.getToken(), null);
    await waitFor(() => sessionsEnded === 1, 'onRefreshFailed');
    client.destroy();
  });
});

test('SimpleJWT: { refresh } in, { access, refresh } out, the new access token as a Bearer token', async () => {
  await withBackend({}, async (backend, api) => {
    const client = clientWith(djangoOptions({ api }));
    client.setTokens(backend.login());
    backend.setExpiryMode('401');
    backend.expireAccessTokens();
    const answer = await client.get('/api/profile');
    assert.equal(answer.status, 200);
    const [refresh] = backend.requestsTo('/api/token/refresh/');
    assert.deepEqual(Object.keys(JSON.parse(refresh.body)), ['refresh']);
    assert.equal(backend.requestsTo('/api/profile').at(-1).headers.authorization, `Bearer ${client.getToken()}`);
    client.destroy();
  });
});

test('a refresh URL that the server redirects and then refuses (SimpleJWT without the slash) says what to check', async () => {
  await withBackend({}, async (backend, api) => {
    const options = djangoOptions({ api });
    const client = clientWith({ ...options, refresh: { ...options.refresh, url: '/api/token/refresh' } });
    client.setTokens(backend.login());
    backend.setExpiryMode('401');
    backend.expireAccessTokens();
    const failures = [];
    client.on('refreshfailed', (error) => failures.push(error));
    const error = await client.get('/api/profile').catch((e) => e);
    assert.equal(error.code, 'ERR_REFRESH_FAILED');
    assert.equal(error.message,
      `check refresh.url and refresh.method (POST ${api}/api/token/refresh answered 405 Method Not Allowed after a redirect)`);
    await waitFor(() => failures.length === 1, 'the refreshfailed event');
    assert.equal(failures[0].message, error.message);
    client.destroy();
  });
});

test('the refresh token in a query parameter, a bare-token answer, and refresh.headers without the client\'s default headers', async () => {
  await withBackend({}, async (backend, api) => {
    const client = clientWith({
      baseURL: api,
      headers: { 'X-App-Version': '7' },
      refresh: { url: '/refreshtoken/bare', query: 'rt', bodyField: null, headers: { 'X-Tenant': 'acme' }, tokenPath: '' },
    });
    const login = backend.login();
    client.setTokens(login);
    backend.expireAccessTokens();
    assert.equal((await client.get('/api/x')).status, 200);
    const [refresh] = backend.requestsTo('/refreshtoken/bare');
    assert.equal(refresh.query, `?rt=${login.refreshToken}`);
    assert.equal(refresh.body.length, 0);
    assert.equal(refresh.headers['x-tenant'], 'acme');
    assert.equal(refresh.headers['x-app-version'], undefined);
    assert.equal(backend.requestsTo('/api/x').at(-1).headers['x-app-version'], '7');
    assert.match(client.getToken(), /^access-/); // the body, trimmed
    client.destroy();
  });
});

test('the app\'s own token store: a js-cookie-like object whose getItem answers undefined for a missing key', async () => {
  await withBackend({}, async (backend, api) => {
    const cookies = new Map(); // js-cookie's get() gives undefined, not null, for a missing cookie
    const store = { getItem: (key) => cookies.get(key), setItem: (key, value) => cookies.set(key, value), removeItem: (key) => cookies.delete(key) };
    const client = createClient({ baseURL: api, storage: store });
    assert.equal(client.getToken(), null);
    client.setTokens(backend.login());
    backend.expireAccessTokens();
    assert.equal((await client.get('/api/x')).status, 200);
    assert.equal(backend.state.refreshCalls, 1);
    assert.equal(cookies.get('token'), client.getToken());
    client.clearTokens();
    assert.deepEqual([...cookies.keys()], []);
    client.destroy();
  });
});

test('getTokenSilently(): the token at once when it is fine, one refresh shared with requests when it is not, and the refresh\'s failure', async () => {
  await withScenario({}, async (s) => {
    const token = s.client.getToken();
    assert.equal(await s.client.getTokenSilently(), token);
    assert.equal(s.backend.log.length, 0);
    s.backend.expireAccessTokens();
    s.backend.inject('/refreshtoken', { delay: 100 });
    const request = s.client.get('/api/x'); // answered "expired": starts the refresh
    await waitFor(() => s.client.stats().refreshes === 1, 'the refresh to start');
    const silently = await Promise.all([s.client.getTokenSilently(), s.client.getTokenSilently()]);
    assert.equal((await request).status, 200);
    assert.deepEqual(silently, [s.client.getToken(), s.client.getToken()]);
    assert.notEqual(silently[0], token);
    assert.equal(s.backend.state.refreshCalls, 1);
    s.client.clearTokens();
    const error = await s.client.getTokenSilently().catch((e) => e);
    assert.equal(error.code, 'ERR_REFRESH_FAILED');
    assert.equal(error.transient, false);
  });
});

test('beforeExpiry with opaque tokens: the lifetime from setTokens and from every refresh answer keeps requests from ever meeting an expired token', async () => {
  await withBackend({ tokenLifetimeMs: 2000 }, async (backend, api) => {
    const client = clientWith({ baseURL: api, refresh: { expiresInPath: 'data.expiresIn', beforeExpiry: 1 } });
    client.setTokens(backend.login()); // { token, refreshToken, expiresIn: 2 }
    let expired = 0;
    client.on('queued', () => {});
    client.on('retry', () => { expired += 1; });
    const started = Date.now();
    while (Date.now() - started < 6000) { // three lifetimes, a request every 200 ms
      assert.equal((await client.get('/api/tick')).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(expired, 0, 'no request was answered "expired"');
    assert.ok(backend.state.refreshCalls >= 3, `${backend.state.refreshCalls} refreshes ahead of expiry`);
    client.destroy();
  });
});
