// The floor: raw fetch with the token header, no refresh at all.
export async function createPeer({ baseURL }) {
  return {
    setTokens({ token }) {
      localStorage.setItem('fetch-token', token);
    },
    async get(url) {
      const response = await fetch(baseURL + url, { headers: { 'X-Token': localStorage.getItem('fetch-token') } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    heapBytes: () => 0,
  };
}
