// Peer: axios + axios-auth-refresh, configured as its README shows (the
// recommended defaults: statusCodes [401], deduplicateRefresh true).
import axios from 'axios';
import createAuthRefreshInterceptor from 'axios-auth-refresh';

export async function createPeer({ baseURL }) {
  const instance = axios.create({ baseURL });
  const refreshAuthLogic = (failedRequest) =>
    axios.post(`${baseURL}/refreshtoken`, { refreshToken: localStorage.getItem('aar-refresh') }).then(({ data }) => {
      localStorage.setItem('aar-token', data.data.token);
      localStorage.setItem('aar-refresh', data.data.refreshToken);
      failedRequest.response.config.headers['X-Token'] = data.data.token;
      return Promise.resolve();
    });
  createAuthRefreshInterceptor(instance, refreshAuthLogic);
  instance.interceptors.request.use((config) => {
    config.headers['X-Token'] = localStorage.getItem('aar-token');
    return config;
  });
  return {
    setTokens({ token, refreshToken }) {
      localStorage.setItem('aar-token', token);
      localStorage.setItem('aar-refresh', refreshToken);
    },
    get: (url) => instance.get(url).then((response) => response.data),
    heapBytes: () => 0,
  };
}
