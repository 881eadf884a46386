// A backend that speaks the seed's protocol, for the demo and the tests:
//   POST /login          → { code: 0, data: { token, refreshToken } }
//   any /api/* route     → { code: 0, data } with a live token; { code: 4001 } (HTTP 200, or 401 in
//                          '401' mode) with an expired or unknown one
//   POST /refreshtoken   → rotates: the refresh token is single-use, a reused one is refused (401)
// and, for web-demo/backends/, the other shapes refresh comes in:
//   POST /api/token/refresh/  Django REST framework SimpleJWT: { refresh } → { access, refresh };
//                             without the trailing slash, Django's APPEND_SLASH answers 301
//   POST /cookie/login        the refresh token as an httpOnly cookie (rt), the access token in JSON
//   POST /cookie/refresh      reads and rotates that cookie
//   POST /refreshtoken/bare   answers the new access token as the whole body (text/plain)
// The refresh token may come in a JSON or form body (refreshToken, refresh, refresh_token), a query
// parameter (rt), the X-Refresh-Token header or the rt cookie. With { jwtTokens: true } access tokens
// are unsigned JWTs whose exp is their real expiry.
// Faults are injected per route (status, hang, delay, malformed JSON, missing token, expiry code),
// and every request is recorded with its headers, so tests can see where tokens went.

import http from 'node:http';

export function createMockBackend({ tokenLifetimeMs = 0, jwtTokens = false } = {}) {
  let counter = 0;
  const liveTokens = new Map(); // token → expiry time (ms since epoch, 0 = never)
  const liveRefreshTokens = new Set();
  const faults = new Map(); // path → [{ fault, times }]
  const log = [];
  const openResponses = new Set();
  const state = { expiryMode: 'body', refreshCalls: 0, refreshLatencyMs: 0, apiLatencyMs: 0, tokenLifetimeMs };

  function issueTokens() {
    counter += 1;
    const expiry = state.tokenLifetimeMs ? Date.now() + state.tokenLifetimeMs : 0;
    const id = `access-${counter}-${Math.random().toString(36).slice(2, 8)}`;
    const claims = Buffer.from(JSON.stringify({ sub: id, exp: Math.floor(expiry / 1000) })).toString('base64url');
    const token = jwtTokens ? `eyJhbGciOiJub25lIn0.${claims}.` : id;
    const refreshToken = `refresh-${counter}-${Math.random().toString(36).slice(2, 8)}`;
    liveTokens.set(token, expiry);
    liveRefreshTokens.add(refreshToken);
    return { token, refreshToken, ...(expiry && { expiresIn: state.tokenLifetimeMs / 1000 }) };
  }

  function tokenIsLive(token) {
    if (!liveTokens.has(token)) return false;
    const expiry = liveTokens.get(token);
    return expiry === 0 || Date.now() < expiry;
  }

  function takeFault(path) {
    const list = faults.get(path);
    if (!list?.length) return null;
    const entry = list[0];
    if (entry.times !== Infinity && --entry.times <= 0) list.shift();
    return entry.fault;
  }

  function send(res, status, body, headers = {}) {
    const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }

  function expired(res) {
    if (state.expiryMode === '401') send(res, 401, { code: 4001, message: 'token expired' });
    else send(res, 200, { code: 4001, message: 'token expired' });
  }

  // What the demo page and the browser tests steer the backend with.
  const FAULTS = {
    500: { status: 500 },
    hang: { hang: true },
    badjson: { raw: '{"code":0,"data":{"tok' },
    notoken: { missingToken: true },
    slow: { delay: 1500 },
    late: { delay: 300 },
    503: { status: 503 },
    reset: { destroy: true },
    midbody: { midBody: true },
    garbage: { garbage: true },
  };

  /** The next `times` requests to path get this fault: { status, body } | { hang } | { delay } |
   * { raw } | { destroy } | { midBody } | { garbage } | { missingToken } | { expiryCode } (the last two
   * for /refreshtoken). */
  function inject(path, fault, times = 1) {
    if (!faults.has(path)) faults.set(path, []);
    faults.get(path).push({ fault, times });
  }

  // The same steering over HTTP, for pages: /__control/<action>?<parameters>.
  function control(url, res) {
    const action = url.pathname.slice('/__control/'.length);
    const fault = FAULTS[url.searchParams.get('kind')];
    if ((action === 'fail-refresh' || action === 'fault') && !fault)
      return send(res, 400, { code: 400, message: `kind is one of ${Object.keys(FAULTS).join(', ')}` });
    if (action === 'expire') liveTokens.clear();
    else if (action === 'fail-refresh') {
      faults.delete('/refreshtoken'); // replaces what was armed
      inject('/refreshtoken', fault);
    } else if (action === 'fault') {
      inject(url.searchParams.get('path') ?? '/refreshtoken', fault, Number(url.searchParams.get('times') ?? 1));
    } else if (action === 'clear-faults') faults.clear();
    else if (action === 'mode') state.expiryMode = url.searchParams.get('expiry') === '401' ? '401' : 'body';
    else if (action === 'refresh-latency') state.refreshLatencyMs = Number(url.searchParams.get('ms')) || 0;
    else if (action === 'api-latency') state.apiLatencyMs = Number(url.searchParams.get('ms')) || 0;
    else if (action !== 'stats') return send(res, 404, { code: 404 });
    const refreshFaultArmed = (faults.get('/refreshtoken')?.length ?? 0) > 0;
    const data = { refreshCalls: state.refreshCalls, requests: log.length, refreshFaultArmed };
    return send(res, 200, { code: 0, data });
  }

  async function readBody(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://backend');
    const body = await readBody(req);
    log.push({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body });
    if (REFRESH_ROUTES[url.pathname] || url.pathname === '/api/token/refresh') state.refreshCalls += 1; // faults too
    const fault = takeFault(url.pathname);
    if (fault?.delay) await new Promise((resolve) => setTimeout(resolve, fault.delay));
    if (fault?.hang) {
      openResponses.add(res);
      return; // never answers; closed by close()
    }
    if (fault?.destroy) {
      req.socket.destroy();
      return;
    }
    if (fault?.midBody) {
      // Promise a body, send half of it, then drop the connection.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"code":0,"data":"'.padEnd(500, 'x'));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (fault?.garbage) {
      req.socket.end('\x00\x13garbage that is not HTTP\r\n\r\n');
      return;
    }
    if (fault?.status) return send(res, fault.status, fault.body ?? { code: fault.status });
    if (fault?.raw !== undefined) return send(res, 200, fault.raw);

    if (url.pathname === '/login' && req.method === 'POST') return send(res, 200, { code: 0, data: issueTokens() });
    if (url.pathname.startsWith('/__control/')) return control(url, res);

    if (url.pathname === '/cookie/login' && req.method === 'POST') {
      const { token, refreshToken } = issueTokens();
      return send(res, 200, { code: 0, data: { token } }, { 'set-cookie': refreshCookie(refreshToken) });
    }
    if (url.pathname === '/api/token/refresh') { // Django's APPEND_SLASH
      res.writeHead(301, { location: `http://${req.headers.host}/api/token/refresh/` });
      return res.end();
    }
    const answerRefresh = REFRESH_ROUTES[url.pathname];
    if (answerRefresh) {
      if (req.method !== 'POST') return send(res, 405, { detail: `Method "${req.method}" not allowed.` });
      if (state.refreshLatencyMs) await new Promise((resolve) => setTimeout(resolve, state.refreshLatencyMs));
      let presented;
      try {
        presented = presentedRefreshToken(req, url, body);
      } catch {
        return send(res, 400, { code: 400, message: 'bad JSON' });
      }
      if (fault?.expiryCode) return send(res, 200, { code: 4001, message: 'session expired' });
      if (!liveRefreshTokens.has(presented)) return send(res, 401, { code: 4010, message: 'refresh token invalid' });
      liveRefreshTokens.delete(presented); // single use
      const tokens = issueTokens();
      if (fault?.missingToken) return send(res, 200, { code: 0, data: { refreshToken: tokens.refreshToken } });
      return answerRefresh(res, tokens);
    }

    if (url.pathname.startsWith('/api/')) {
      if (state.apiLatencyMs) await new Promise((resolve) => setTimeout(resolve, state.apiLatencyMs));
      const token = req.headers['x-token'] ?? req.headers.authorization?.replace(/^Bearer /, '');
      if (!token || !tokenIsLive(token)) return expired(res);
      if (url.pathname === '/api/echo') {
        return send(res, 200, {
          code: 0,
          data: { method: req.method, contentType: req.headers['content-type'] ?? null, bodyBase64: body.toString('base64') },
        });
      }
      if (url.pathname === '/api/big') {
        const size = Number(url.searchParams.get('bytes') ?? 5 * 1024 * 1024);
        const bytes = Buffer.alloc(size);
        for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 0xff;
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(bytes);
      }
      if (url.pathname === '/api/status') return send(res, Number(url.searchParams.get('code')), { code: -1 });
      if (url.pathname === '/api/redirect') {
        // An API that sends a token-bearing request on to another origin (tests/browser/redirect.test.js).
        res.writeHead(302, { location: url.searchParams.get('to') });
        return res.end();
      }
      return send(res, 200, { code: 0, data: { path: url.pathname, query: url.search, method: req.method } }, {
        'x-served-by': 'mock-backend',
      });
    }
    return send(res, 404, { code: 404 });
  }

  function refreshCookie(refreshToken) {
    return `rt=${refreshToken}; HttpOnly; SameSite=Strict; Path=/cookie`;
  }

  // Every refresh route, and how it answers the new tokens.
  const REFRESH_ROUTES = {
    '/refreshtoken': (res, tokens) => send(res, 200, { code: 0, data: tokens }),
    '/refreshtoken/bare': (res, { token }) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${token}\n`);
    },
    '/api/token/refresh/': (res, { token, refreshToken }) => send(res, 200, { access: token, refresh: refreshToken }),
    '/cookie/refresh': (res, { token, refreshToken }) =>
      send(res, 200, { code: 0, data: { token } }, { 'set-cookie': refreshCookie(refreshToken) }),
  };

  /** Wherever the client put the refresh token. Throws on a JSON body that is not JSON. */
  function presentedRefreshToken(req, url, body) {
    const text = body.toString();
    const type = req.headers['content-type'] ?? '';
    const fields = type.startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(text))
      : JSON.parse(text || '{}');
    const cookie = /(?:^|;\s*)rt=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return fields.refreshToken ?? fields.refresh ?? fields.refresh_token ?? url.searchParams.get('rt') ??
      req.headers['x-refresh-token'] ?? cookie ?? null;
  }

  /** The backend as a request handler, for servers that also serve pages. */
  function handler(req, res) {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, { code: 500, message: String(error) });
    });
  }
  const server = http.createServer(handler);

  return {
    server,
    handler,
    /** True for the paths this backend answers. */
    owns: (path) => path === '/login' || path.startsWith('/refreshtoken') || path.startsWith('/api/') ||
      path.startsWith('/cookie/') || path.startsWith('/__control/'),
    log,
    state,
    /** Starts on 127.0.0.1, on the given port (0 = any free one); resolves with the origin. */
    async listen(port = 0) {
      await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
      return `http://127.0.0.1:${server.address().port}`;
    },
    async close() {
      for (const res of openResponses) res.destroy();
      if (!server.listening) return; // mounted in another server (the demo's)
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
    /** A fresh pair of tokens, as /login would hand out. */
    login: issueTokens,
    /** Every access token issued so far stops working (the refresh tokens still do). */
    expireAccessTokens() {
      liveTokens.clear();
    },
    /** 'body' answers expiry as HTTP 200 { code: 4001 }; '401' as HTTP 401. */
    setExpiryMode(mode) {
      state.expiryMode = mode;
    },
    inject,
    clearFaults() {
      faults.clear();
    },
    requestsTo(path) {
      return log.filter((entry) => entry.path === path);
    },
  };
}
