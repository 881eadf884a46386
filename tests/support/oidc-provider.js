// A real OpenID provider for the tests: oidc-provider (the certified Node implementation) on
// 127.0.0.1, with one public SPA client, and a resource API that checks access tokens through the
// provider's token introspection endpoint (RFC 7662), as a resource server does. Nothing here
// answers a token request by hand: every refresh is the provider's refresh_token grant.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const SCOPE = 'openid offline_access';
const RESOURCE_SECRET = 'resource-server-secret';

/**
 * @param {{ accessTokenSeconds?: number, appOrigin: string }} options appOrigin: where the SPA runs
 *   (its redirect URI's origin is what the provider allows in CORS for a public client).
 */
export async function startOidcProvider({ accessTokenSeconds = 60, appOrigin }) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'spa',
      // A public client: no secret. For such clients the provider's default rotateRefreshToken
      // rotates every refresh token, and a rotated (consumed) one presented again revokes the
      // whole grant (lib/actions/grants/refresh_token.js): the reuse detection the tests rely on.
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${appOrigin}/callback`],
    }, {
      // The resource API's own credentials, for introspection.
      client_id: 'api',
      client_secret: RESOURCE_SECRET,
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    }],
    ttl: { AccessToken: accessTokenSeconds, RefreshToken: 3600, Grant: 3600, Session: 3600 },
    features: { devInteractions: { enabled: false }, introspection: { enabled: true } },
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig' }] },
  });
  provider.on('server_error', (ctx, error) => { throw error; });
  const stats = { refreshCalls: 0, refreshFailures: 0, unauthorized: 0 };
  provider.on('grant.success', (ctx) => { if (ctx.oidc.params.grant_type === 'refresh_token') stats.refreshCalls += 1; });
  provider.on('grant.error', (ctx) => { if (ctx.oidc.params?.grant_type === 'refresh_token') stats.refreshFailures += 1; });
  const callback = provider.callback();
  server.on('request', callback);
  const issued = new Set(); // access tokens the tests have seen, to expire on demand
  const introspect = (token) => fetch(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`api:${RESOURCE_SECRET}`).toString('base64')}` },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  }).then((response) => response.json());

  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    provider,
    stats,
    /** A signed-in user's first tokens, minted through the provider's own models. */
    async signIn() {
      const client = await provider.Client.find('spa');
      const grant = new provider.Grant({ accountId: 'ada', clientId: 'spa' });
      grant.addOIDCScope(SCOPE);
      const grantId = await grant.save();
      const claims = { accountId: 'ada', client, grantId, gty: 'authorization_code', scope: SCOPE };
      const token = await new provider.AccessToken(claims).save();
      const refreshToken = await new provider.RefreshToken(claims).save();
      issued.add(token);
      return { token, refreshToken, expiresIn: accessTokenSeconds, grantId };
    },
    /** The resource API: 200 with an access token introspection says is active, 401 (RFC 6750) otherwise. */
    async api(req, res) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token) issued.add(token);
      const live = token ? await introspect(token) : { active: false };
      if (!live.active) {
        stats.unauthorized += 1;
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' });
        return res.end('{"error":"invalid_token"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, account: live.sub }));
    },
    /** Every access token seen so far stops working now (as if it had expired). */
    async expireAccessTokens() {
      for (const token of issued) await (await provider.AccessToken.find(token))?.destroy();
    },
    grantExists: async (grantId) => Boolean(await provider.Grant.find(grantId)),
    /** The user's grant is revoked on the server: its refresh tokens stop working. */
    revokeGrant: (grantId) => Promise.all([provider.Grant.adapter.destroy(grantId),
      provider.RefreshToken.revokeByGrantId(grantId), provider.AccessToken.revokeByGrantId(grantId)]),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
