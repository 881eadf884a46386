// Peer: silent-refresh, as a user would set it up.
import { createClient } from '../../js-glue/index.js';

export async function createPeer({ baseURL }) {
  const client = createClient({ baseURL, tokenKey: 'sr-token', refreshTokenKey: 'sr-refresh' });
  // No await on client.ready: as in the README, the first request waits for it.
  return {
    setTokens: (tokens) => client.setTokens(tokens),
    get: (url) => client.get(url).then((response) => response.data),
    heapBytes: () => client.stats().heapBytes,
  };
}
