// Behaviours 1–4 of docs/behaviour.md, against a real server and the
// real wasm module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withScenario, startScenario, settleAll, waitFor, afterEventListeners } from './helpers.js';

test('100 concurrent expired requests cause exactly one refresh and 100 correct answers', async () => {
  await withScenario({}, async (s) => {
    s.backend.expireAccessTokens();
    s.backend.inject('/refreshtoken', { delay: 50 });
    const oldToken = s.client.getToken();
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => s.client.get(`/api/item/${i}`)),
    );
    assert.equal(s.backend.state.refreshCalls, 1);
    responses.forEach((response, i) => {
      assert.equal(response.status, 200);
      assert.deepEqual(response.data, { code: 0, data: { path: `/api/item/${i}`, query: '', method: 'GET' } });
    });
    assert.notEqual(s.client.getToken(), oldToken);
    const stats = s.client.stats();
    assert.equal(stats.refreshes, 1);
    assert.equal(stats.retried, 100);
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.queueLength, 0);
  });
});

test('HTTP 401 counts as expired when the backend answers that way', async () => {
  await withScenario({}, async (s) => {
    s.backend.setExpiryMode('401');
    s.backend.expireAccessTokens();
    const results = await Promise.all([s.client.get('/api/a'), s.client.get('/api/b')]);
    assert.deepEqual(results.map((r) => r.status), [200, 200]);
    assert.equal(s.backend.state.refreshCalls, 1);
  });
});

test('a late "expired" answer for an old token is retried with the new token, without a second refresh', async () => {
  await withScenario({}, async (s) => {
    s.backend.expireAccessTokens();
    s.backend.inject('/api/slow', { delay: 300 });
    const slow = s.client.get('/api/slow'); // sent with the old token, answers after the refresh
    await s.client.get('/api/fast');
    assert.equal(s.backend.state.refreshCalls, 1);
    const response = await slow;
    assert.equal(response.status, 200);
    assert.equal(s.backend.state.refreshCalls, 1);
    const slowRequests = s.backend.requestsTo('/api/slow');
    assert.equal(slowRequests.length, 2);
    assert.equal(slowRequests[1].headers['x-token'], s.client.getToken());
  });
});

test('the refresh request never goes through expiry handling: an expired refresh fails, no recursion', async () => {
  let sessionEnded = 0;
  await withScenario({ clientOptions: { onRefreshFailed: () => { sessionEnded += 1; } } }, async (s) => {
    s.backend.expireAccessTokens();
    s.backend.inject('/refreshtoken', { expiryCode: true });
    const error = await s.client.get('/api/a').catch((e) => e);
    assert.equal(error.code, 'ERR_REFRESH_FAILED');
    assert.equal(error.transient, false);
    assert.equal(s.backend.state.refreshCalls, 1);
    await afterEventListeners();
    assert.equal(sessionEnded, 1);
  });
});

for (const [name, fault] of [
  ['answers 401', { status: 401, body: { code: 4010 } }],
  ['answers with the expiry code', { expiryCode: true }],
  ['answers malformed JSON', { raw: '{"code":0,"data":{"tok' }],
  ['answers JSON without data.token', { missingToken: true }],
]) {
  test(`a refresh that ${name} rejects every waiter, clears the tokens and calls onRefreshFailed once`, async () => {
    const calls = [];
    await withScenario({ clientOptions: { onRefreshFailed: (error) => calls.push(error) } }, async (s) => {
      const failedEvents = [];
      s.client.on('refreshfailed', (error) => failedEvents.push(error));
      s.backend.expireAccessTokens();
      s.backend.inject('/refreshtoken', fault);
      const results = await settleAll(Array.from({ length: 5 }, (_, i) => s.client.get(`/api/${i}`)));
      for (const error of results) {
        assert.equal(error.code, 'ERR_REFRESH_FAILED');
        assert.equal(error.transient, false);
      }
      assert.equal(s.client.getToken(), null);
      await afterEventListeners();
      assert.equal(calls.length, 1);
      assert.equal(calls[0].code, 'ERR_REFRESH_FAILED');
      assert.equal(failedEvents.length, 1);
      assert.equal(s.backend.state.refreshCalls, 1);
    });
  });
}

for (const [name, fault, clientOptions] of [
  ['answers 500', { status: 500 }, {}],
  ['never answers (refresh.timeout)', { hang: true }, { refresh: { timeout: 200 } }],
  ['drops the connection', { destroy: true }, {}],
]) {
  test(`a refresh that ${name} is transient: waiters reject, tokens stay, the next request refreshes again`, async () => {
    let sessionEnded = 0;
    await withScenario({ clientOptions: { ...clientOptions, onRefreshFailed: () => { sessionEnded += 1; } } }, async (s) => {
      s.backend.expireAccessTokens();
      s.backend.inject('/refreshtoken', fault);
      const tokenBefore = s.client.getToken();
      const results = await settleAll([s.client.get('/api/a'), s.client.get('/api/b')]);
      for (const error of results) {
        assert.equal(error.code, 'ERR_REFRESH_FAILED');
        assert.equal(error.transient, true);
      }
      assert.equal(s.client.getToken(), tokenBefore);
      await afterEventListeners();
      assert.equal(sessionEnded, 0);
      const after = await s.client.get('/api/c');
      assert.equal(after.status, 200);
      assert.equal(s.backend.state.refreshCalls, 2);
      assert.equal(s.client.stats().inFlight, 0);
    });
  });
}

test('a retried request still answered "expired" rejects with ERR_TOKEN_EXPIRED, without a loop', async () => {
  await withScenario({}, async (s) => {
    s.backend.expireAccessTokens();
    // The refreshed token works nowhere: /api/a answers "expired" twice.
    s.backend.inject('/api/a', { raw: JSON.stringify({ code: 4001 }) }, 2);
    const error = await s.client.get('/api/a').catch((e) => e);
    assert.equal(error.code, 'ERR_TOKEN_EXPIRED');
    assert.equal(error.response.status, 200);
    assert.deepEqual(error.response.data, { code: 4001 });
    assert.equal(s.backend.state.refreshCalls, 1);
    assert.equal(s.backend.requestsTo('/api/a').length, 2);
  });
});

test('aborting a request while it waits for the refresh rejects it with ERR_CANCELED; the others go on', async () => {
  await withScenario({}, async (s) => {
    const queued = [];
    s.client.on('queued', (event) => queued.push(event));
    s.backend.expireAccessTokens();
    s.backend.inject('/refreshtoken', { delay: 200 });
    const controller = new AbortController();
    const doomed = s.client.get('/api/doomed', { signal: controller.signal });
    const kept = s.client.get('/api/kept');
    await waitFor(() => queued.length === 2, 'both requests to queue behind the refresh');
    assert.equal(s.client.stats().queueLength, 2);
    controller.abort();
    const error = await doomed.catch((e) => e);
    assert.equal(error.code, 'ERR_CANCELED');
    assert.equal(s.client.stats().queueLength, 1);
    assert.equal((await kept).status, 200);
    assert.equal(s.backend.requestsTo('/api/doomed').length, 1); // never retried
  });
});

test('events report the refresh, the queue and the retries; only "refreshed" carries the token', async () => {
  await withScenario({}, async (s) => {
    const seen = [];
    for (const name of ['refresh', 'refreshed', 'queued', 'retry', 'refreshfailed']) {
      s.client.on(name, (payload) => seen.push([name, payload]));
    }
    s.backend.expireAccessTokens();
    await Promise.all([s.client.get('/api/a'), s.client.get('/api/b')]);
    await afterEventListeners();
    const names = seen.map(([name]) => name);
    assert.equal(names.filter((n) => n === 'refresh').length, 1);
    assert.equal(names.filter((n) => n === 'refreshed').length, 1);
    assert.equal(names.filter((n) => n === 'queued').length, 2);
    assert.equal(names.filter((n) => n === 'retry').length, 2);
    const token = s.client.getToken();
    for (const [name, payload] of seen) {
      assert.equal(JSON.stringify(payload).includes(token), name === 'refreshed', `${name} payload`);
    }
    assert.deepEqual(seen.find(([n]) => n === 'refreshed')[1], { token });
  });
});

test('an unsubscribed listener is not called again', async () => {
  await withScenario({}, async (s) => {
    let calls = 0;
    const off = s.client.on('refresh', () => { calls += 1; });
    s.backend.expireAccessTokens();
    await s.client.get('/api/a');
    off();
    s.backend.expireAccessTokens();
    await s.client.get('/api/b');
    await afterEventListeners();
    assert.equal(calls, 1);
    assert.equal(s.backend.state.refreshCalls, 2);
  });
});

test('two clients of one page sharing a tokenKey make one refresh between them (no Web Locks in Node)', async () => {
  const s = await startScenario();
  const { createClient } = await import('../../js-glue/index.js');
  const second = createClient({ baseURL: s.origin, storage: 'memory', tokenKey: s.tokenKey, refreshTokenKey: s.refreshTokenKey });
  try {
    s.backend.expireAccessTokens();
    s.backend.inject('/refreshtoken', { delay: 50 });
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => s.client.get(`/api/first/${i}`)),
      ...Array.from({ length: 10 }, (_, i) => second.get(`/api/second/${i}`)),
    ]);
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(s.backend.state.refreshCalls, 1);
    assert.equal(second.getToken(), s.client.getToken());
  } finally {
    second.destroy();
    await s.stop();
  }
});

test('refresh.beforeExpiry refreshes a JWT close to its exp before sending, through the same single refresh', async () => {
  await withScenario({ clientOptions: { refresh: { beforeExpiry: 60 } } }, async (s) => {
    const payload = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 30 })).toString('base64url');
    const refreshToken = s.backend.login().refreshToken;
    s.client.setTokens({ token: `eyJhbGciOiJIUzI1NiJ9.${payload}.sig`, refreshToken });
    const responses = await Promise.all([s.client.get('/api/a'), s.client.get('/api/b')]);
    assert.deepEqual(responses.map((r) => r.status), [200, 200]);
    assert.equal(s.backend.state.refreshCalls, 1);
    // Nothing went out with the old token: both waited for the refresh.
    assert.ok(s.backend.requestsTo('/api/a').every((entry) => !entry.headers['x-token'].startsWith('eyJ')));
    assert.equal(s.backend.requestsTo('/api/a').length, 1);
  });
});
