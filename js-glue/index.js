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
    setTokens({ token, refreshToken } = {}) {
      checkToken(token, 'token');
      checkToken(refreshToken, 'refreshToken');
      if (token) core.writeStorage(core.settings.tokenKey, token);
      if (refreshToken) core.writeStorage(core.settings.refreshTokenKey, refreshToken);
    },
    getToken: () => core.readStorage(core.settings.tokenKey),
    clearTokens: () => core.clearTokens(),
    on: (event, listener) => core.on(event, listener),
    stats: () => core.stats(),
    destroy: () => core.destroy(),
  };
}
