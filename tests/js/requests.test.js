// The request API (docs/behaviour.md): methods, config fields, response shape
// and every error code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createClient, HttpError } from '../../js-glue/index.js';
import { withScenario, waitFor } from './helpers.js';

test('each method sends its verb; the response has data, status, statusText, lower-cased headers and config', async () => {
  await withScenario({}, async (s) => {
    for (const method of ['get', 'delete', 'post', 'put', 'patch']) {
      const response = ['post', 'put', 'patch'].includes(method)
        ? await s.client[method]('/api/thing', { a: 1 }, { headers: { 'X-Extra': 'yes' } })
        : await s.client[method]('/api/thing', { headers: { 'X-Extra': 'yes' } });
      assert.equal(response.status, 200);
      assert.equal(response.statusText, 'OK');
      assert.equal(response.data.data.method, method.toUpperCase());
      assert.equal(response.headers['x-served-by'], 'mock-backend');
      assert.equal(response.headers['content-type'], 'application/json');
      assert.equal(response.config.url, '/api/thing');
      assert.equal(s.backend.log.at(-1).headers['x-extra'], 'yes');
    }
    const head = await s.client.head('/api/thing');
    assert.equal(head.status, 200);
    assert.equal(head.data, '');
  });
});

test('params are serialised like axios and appended to the URL', async () => {
  await withScenario({}, async (s) => {
    const response = await s.client.get('/api/search?x=1', {
      params: { q: 'a b', tags: ['x', 'y'], skip: null, when: new Date(0), filter: { k: 1 } },
    });
    assert.equal(response.data.data.query,
      '?x=1&q=a+b&tags[]=x&tags[]=y&when=1970-01-01T00:00:00.000Z&filter=%7B%22k%22:1%7D');
    const viaSearchParams = await s.client.get('/api/search', { params: new URLSearchParams({ z: '1' }) });
    assert.equal(viaSearchParams.data.data.query, '?z=1');
  });
});

test('responseType text and arraybuffer return the body as text and bytes', async () => {
  await withScenario({}, async (s) => {
    const text = await s.client.get('/api/x', { responseType: 'text' });
    assert.equal(typeof text.data, 'string');
    assert.deepEqual(JSON.parse(text.data).code, 0);
    const bytes = await s.client.get('/api/big', { params: { bytes: 1000 }, responseType: 'arraybuffer' });
    assert.ok(bytes.data instanceof ArrayBuffer);
    assert.equal(bytes.data.byteLength, 1000);
    assert.equal(new Uint8Array(bytes.data)[10], (10 * 7 + 3) & 0xff);
  });
});

test('default headers apply to every request and a request header overrides them, whatever its case', async () => {
  await withScenario({ clientOptions: { headers: { 'X-App': 'demo', 'Accept': 'application/json' } } }, async (s) => {
    await s.client.get('/api/a', { headers: { accept: 'text/plain' } });
    const { headers } = s.backend.log.at(-1);
    assert.equal(headers['x-app'], 'demo');
    assert.equal(headers.accept, 'text/plain');
  });
});

test('a non-2xx status that is not an expiry rejects with ERR_BAD_RESPONSE and the response', async () => {
  await withScenario({}, async (s) => {
    const notFound = await s.client.get('/api/status', { params: { code: 404 } }).catch((e) => e);
    assert.ok(notFound instanceof HttpError && notFound instanceof Error);
    assert.equal(notFound.code, 'ERR_BAD_RESPONSE');
    assert.equal(notFound.response.status, 404);
    assert.deepEqual(notFound.response.data, { code: -1 });
    assert.equal(notFound.transient, false);
    assert.equal(notFound.config.url, '/api/status');
    const unavailable = await s.client.get('/api/status', { params: { code: 503 } }).catch((e) => e);
    assert.equal(unavailable.transient, true);
  });
});

test('no server at all rejects with ERR_NETWORK, marked transient', async () => {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve)); // the port is now closed
  const client = createClient({ baseURL: `http://127.0.0.1:${port}`, storage: 'memory' });
  try {
    const error = await client.get('/x').catch((e) => e);
    assert.equal(error.code, 'ERR_NETWORK');
    assert.equal(error.transient, true);
    assert.equal(error.response, undefined);
  } finally {
    client.destroy();
  }
});

test('a request slower than its timeout rejects with ECONNABORTED and the server connection is dropped', async () => {
  await withScenario({ clientOptions: { timeout: 5000 } }, async (s) => {
    s.backend.inject('/api/slow', { hang: true });
    const started = Date.now();
    const error = await s.client.get('/api/slow', { timeout: 100 }).catch((e) => e);
    assert.equal(error.code, 'ECONNABORTED');
    assert.equal(error.transient, true);
    assert.ok(Date.now() - started < 2000);
    assert.equal(s.client.stats().inFlight, 0);
  });
});

test('an AbortSignal cancels an in-flight request with ERR_CANCELED, and an aborted one never starts', async () => {
  await withScenario({}, async (s) => {
    s.backend.inject('/api/slow', { hang: true });
    const controller = new AbortController();
    const pending = s.client.get('/api/slow', { signal: controller.signal });
    await waitFor(() => s.backend.requestsTo('/api/slow').length === 1, 'the request to reach the server');
    controller.abort();
    assert.equal((await pending.catch((e) => e)).code, 'ERR_CANCELED');
    const before = s.backend.log.length;
    const already = await s.client.get('/api/x', { signal: AbortSignal.abort() }).catch((e) => e);
    assert.equal(already.code, 'ERR_CANCELED');
    assert.equal(s.backend.log.length, before);
    assert.equal(s.client.stats().inFlight, 0);
  });
});

test('destroy() rejects everything pending with ERR_CANCELED, and later calls reject at once', async () => {
  await withScenario({}, async (s) => {
    s.backend.inject('/api/slow', { hang: true }, 3);
    const pending = [1, 2, 3].map(() => s.client.get('/api/slow'));
    await waitFor(() => s.backend.requestsTo('/api/slow').length === 3, 'the server to hold all three');
    s.client.destroy();
    for (const error of await Promise.all(pending.map((p) => p.catch((e) => e)))) {
      assert.equal(error.code, 'ERR_CANCELED');
    }
    const after = await s.client.get('/api/x').catch((e) => e);
    assert.equal(after.code, 'ERR_CANCELED');
    assert.match(after.message, /destroyed/);
    s.client.destroy(); // twice is harmless
  });
});

test('after destroy() the token methods still work on storage, and on() and stats() throw the destroyed error', async () => {
  await withScenario({}, async (s) => {
    s.client.destroy();
    s.client.setTokens({ token: 'after-destroy', refreshToken: 'r' });
    assert.equal(s.client.getToken(), 'after-destroy');
    s.client.clearTokens();
    assert.equal(s.client.getToken(), null);
    for (const call of [() => s.client.stats(), () => s.client.on('refresh', () => {})]) {
      assert.throws(call, (error) => error.code === 'ERR_CANCELED' && error.message === 'silent-refresh: the client was destroyed');
    }
  });
});

test('invalid options throw ERR_BAD_OPTION synchronously, naming the option', () => {
  const cases = [
    [{ timeout: -1 }, 'timeout'],
    [{ tokenHeader: 'X Token' }, 'tokenHeader'],
    [{ storage: 'cookies' }, 'storage'],
    [{ refresh: { timeout: 0 } }, 'refresh.timeout'],
    [{ refresh: { method: 'TRACE' } }, 'refresh.method'],
    [{ expiredWhen: { status: [4001] } }, 'expiredWhen.status'],
    [{ expiredWhen: { bodyValues: [{}] } }, 'expiredWhen.bodyValues'],
    [{ tokenOrigins: ['not a url'] }, 'tokenOrigins'],
    [{ headers: { 'X-A': 'a\r\nX-B: b' } }, 'headers'],
    [{ onRefreshFailed: 'go to login' }, 'onRefreshFailed'],
    [{ refersh: {} }, 'refersh'],
    [{ tokenKey: 'same', refreshTokenKey: 'same' }, 'refreshTokenKey'],
    [{ tokenKey: '' }, 'tokenKey'],
    [{ refresh: { beforeExpiry: -5 } }, 'refresh.beforeExpiry'],
    [{ refresh: { bodyFormat: 'xml' } }, 'refresh.bodyFormat'],
    [{ refresh: { params: { scope: ['a', 'b'] } } }, 'refresh.params'],
    [{ refresh: { params: { scope: '\u0001' } } }, 'refresh.params'],
    [{ refresh: { headers: { 'X-Tenant': 'a\nb' } } }, 'refresh.headers'],
    [{ refreshTokenKey: null, refresh: { query: 'rt' } }, 'refresh.query'],
    [{ refreshTokenKey: null, refresh: { header: 'X-Refresh' } }, 'refresh.header'],
    [{ storage: { getItem() {}, setItem() {} } }, 'storage'],
    [{ withCredentials: 'yes' }, 'withCredentials'],
  ];
  for (const [options, named] of cases) {
    assert.throws(() => createClient(options), (error) => {
      assert.equal(error.code, 'ERR_BAD_OPTION');
      assert.ok(error.message.includes(named), `${error.message} names ${named}`);
      return true;
    });
  }
});

test('an invalid request config rejects at once with ERR_BAD_OPTION and sends nothing', async () => {
  await withScenario({}, async (s) => {
    const before = s.backend.log.length;
    const cases = [
      { url: '' },
      { url: '/api/x', method: 'GET /evil' },
      { url: '/api/x', method: 'A'.repeat(32) }, // longer than the transport holds: refused, not cut short
      { url: '/api/x', headers: { 'X-A': 'ok\nX-Injected: 1' } },
      { url: '/api/x', headers: { 'Bad Name': 'v' } },
      { url: '/api/x', responseType: 'blob' },
      { url: '/api/x', timeout: -5 },
      { url: '/api/x', data: new Map() },
      { url: 'http://[broken/' },
    ];
    for (const config of cases) {
      const error = await s.client.request(config).catch((e) => e);
      assert.equal(error.code, 'ERR_BAD_OPTION', JSON.stringify(config));
    }
    assert.equal(s.backend.log.length, before);
    // 31 bytes pass the check and go out (Node's HTTP parser then refuses a method it does not know).
    const longest = await s.client.request({ url: '/api/x', method: 'A'.repeat(31) }).catch((e) => e);
    assert.notEqual(longest.code, 'ERR_BAD_OPTION');
  });
});

test('ready rejects with a clear error when the .wasm cannot be loaded, and requests reject too', async (t) => {
  const consoleWrites = [t.mock.method(console, 'warn'), t.mock.method(console, 'error'), t.mock.method(console, 'log')];
  const client = createClient({ baseURL: 'http://127.0.0.1:9', wasmBinary: new Uint8Array([0, 1, 2, 3]) });
  const error = await client.ready.catch((e) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /could not load the WebAssembly module.*magic word/);
  assert.deepEqual(consoleWrites.map((write) => write.mock.callCount()), [0, 0, 0], 'the library wrote to the console');
  const request = await client.get('/x').catch((e) => e);
  assert.equal(request.code, 'ERR_NETWORK');
  const missing = createClient({ wasmURL: new URL('file:///nonexistent/silent-refresh.wasm') });
  assert.match((await missing.ready.catch((e) => e)).message, /nonexistent/);
});

test('requests made before the module is ready wait for it', async () => {
  await withScenario({}, async (s) => {
    const client = createClient({ baseURL: s.origin, storage: 'memory', tokenKey: 'early', refreshTokenKey: 'early-r' });
    client.setTokens(s.backend.login());
    const response = await client.get('/api/early'); // no await of ready first
    assert.equal(response.status, 200);
    client.destroy();
  });
});

test('setTokens, getToken and clearTokens work on the chosen storage', async () => {
  await withScenario({}, async (s) => {
    s.client.setTokens({ token: 'A', refreshToken: 'B' });
    assert.equal(s.client.getToken(), 'A');
    s.client.clearTokens();
    assert.equal(s.client.getToken(), null);
    // Without a token nothing can be "expired": the answer is delivered as it is.
    const response = await s.client.get('/api/x');
    assert.deepEqual(response.data.code, 4001);
    assert.equal(s.backend.log.at(-1).headers['x-token'], undefined);
    assert.equal(s.backend.state.refreshCalls, 0);
    assert.throws(() => s.client.setTokens({ token: 42 }), { code: 'ERR_BAD_OPTION' });
  });
});

test('wasmBinary and wasmURL load the module from where they say', async () => {
  const { readFileSync } = await import('node:fs');
  const wasm = new URL('../../dist/silent-refresh.wasm', import.meta.url);
  for (const source of [{ wasmBinary: readFileSync(wasm) }, { wasmURL: wasm }]) {
    const client = createClient({ baseURL: 'http://127.0.0.1:9', storage: 'memory', ...source });
    await client.ready;
    assert.ok(client.stats().heapBytes > 0);
    client.destroy();
  }
});

test('a client destroyed while its module loads rejects its waiting requests with ERR_CANCELED', async () => {
  const client = createClient({ baseURL: 'http://127.0.0.1:9', storage: 'memory', wasmBinary:
    (await import('node:fs')).readFileSync(new URL('../../dist/silent-refresh.wasm', import.meta.url)) });
  const waiting = client.get('/x');
  client.destroy();
  assert.equal((await waiting.catch((e) => e)).code, 'ERR_CANCELED');
  assert.equal((await client.ready.catch((e) => e)).code, 'ERR_CANCELED');
});
