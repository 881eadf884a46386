// Django REST framework SimpleJWT: POST { refresh } to /api/token/refresh/ (the trailing slash
// matters: without it Django redirects, and the browser follows as a GET) → { access, refresh }.
export function djangoOptions({ api }) {
  return {
    baseURL: api,
    tokenHeader: 'Authorization',
    tokenPrefix: 'Bearer ',
    refresh: { url: '/api/token/refresh/', bodyField: 'refresh', tokenPath: 'access', refreshTokenPath: 'refresh' },
  };
}
