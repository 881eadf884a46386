// silent-refresh: an HTTP client whose token refresh lives in WebAssembly.
// See index.d.ts for the documented API.

import { ClientCore } from './client.js';
import { badOption } from './errors.js';

export { HttpError } from './errors.js';

function checkToken(value, name) {
  if (value !== undefined && value !== null && typeof value !== 'string') throw badOption(`${name} must be a string`);
}

export function createClient(options = {}) {
  const core = new ClientCore(options);
  const withoutBody = (method) => (url, config = {}) => core.request({ ...config, url, method });
  const withBody = (method) => (url, data, config = {}) => core.request({ ...config, url, data, method });
  return {
    ready: core.ready.then(() => undefined),
    request: (config) => core.request(config),
    get: withoutBody('GET'),
    delete: withoutBody('DELETE'),
    head: withoutBody('HEAD'),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    setTokens({ token, refreshToken, expiresIn } = {}) {
      const { tokenKey, refreshTokenKey, expiresAtKey } = core.settings;
      checkToken(token, 'token');
      checkToken(refreshToken, 'refreshToken');
      if (expiresIn != null && !(Number.isFinite(expiresIn) && expiresIn > 0)) throw badOption('expiresIn must be a number of seconds');
      if (refreshToken && refreshTokenKey === null) throw badOption('refreshToken: there is none in cookie mode');
      if (token) core.writeStorage(tokenKey, token);
      if (token && expiresIn) core.writeStorage(expiresAtKey, String(Math.floor(Date.now() / 1000 + expiresIn)));
      if (refreshToken) core.writeStorage(refreshTokenKey, refreshToken);
    },
    getToken: () => core.readStorage(core.settings.tokenKey),
    getTokenSilently: () => core.tokenSilently(),
    clearTokens: () => core.clearTokens(),
    on: (event, listener) => core.on(event, listener),
    stats: () => core.stats(),
    destroy: () => core.destroy(),
  };
}
