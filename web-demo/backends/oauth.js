// An OAuth 2.0 / OpenID Connect token endpoint (RFC 6749 §6): Keycloak
// (https://sso.example.com/realms/<realm>/protocol/openid-connect/token), Auth0
// (https://<tenant>.auth0.com/oauth/token), Okta, Cognito, oidc-provider (<issuer>/token).
// A public SPA client; opaque or JWT access tokens, rotating refresh tokens.
export function oauthOptions({ api, tokenEndpoint, clientId, beforeExpiry = 30 }) {
  return {
    baseURL: api,
    tokenHeader: 'Authorization',
    tokenPrefix: 'Bearer ',
    refresh: {
      url: tokenEndpoint,
      bodyFormat: 'form', // grant_type=refresh_token&client_id=…&refresh_token=…
      bodyField: 'refresh_token',
      params: { grant_type: 'refresh_token', client_id: clientId },
      tokenPath: 'access_token',
      refreshTokenPath: 'refresh_token',
      expiresInPath: 'expires_in', // so beforeExpiry works for opaque tokens too
      beforeExpiry,
    },
  };
}
