// The refresh token in an httpOnly cookie, which no script can read: the refresh call carries
// no refresh token and sends credentials, and the server rotates the cookie.
export function cookieOptions({ api }) {
  return {
    baseURL: api,
    refreshTokenKey: null, // cookie mode: JS never holds the refresh token
    refresh: { url: '/cookie/refresh' },
  };
}
