// Peer: axios with the classic isRefreshing interceptor, as the recipes write it.
import axios from 'axios';

export async function createPeer({ baseURL }) {
  const instance = axios.create({ baseURL });
  let isRefreshing = false;
  let waiting = [];
  instance.interceptors.request.use((config) => {
    const token = localStorage.getItem('classic-token');
    if (token) config.headers['X-Token'] = token;
    return config;
  });
  instance.interceptors.response.use((response) => response, async (error) => {
    const original = error.config;
    if (error.response?.status !== 401 || original._retry) throw error;
    if (isRefreshing) {
      return new Promise((resolve, reject) => waiting.push({ resolve, reject })).then((token) => {
        original.headers['X-Token'] = token;
        return instance(original);
      });
    }
    original._retry = true;
    isRefreshing = true;
    try {
      const { data } = await axios.post(`${baseURL}/refreshtoken`, { refreshToken: localStorage.getItem('classic-refresh') });
      localStorage.setItem('classic-token', data.data.token);
      localStorage.setItem('classic-refresh', data.data.refreshToken);
      waiting.forEach((entry) => entry.resolve(data.data.token));
      original.headers['X-Token'] = data.data.token;
      return instance(original);
    } catch (refreshError) {
      waiting.forEach((entry) => entry.reject(refreshError));
      throw refreshError;
    } finally {
      waiting = [];
      isRefreshing = false;
    }
  });
  return {
    setTokens({ token, refreshToken }) {
      localStorage.setItem('classic-token', token);
      localStorage.setItem('classic-refresh', refreshToken);
    },
    get: (url) => instance.get(url).then((response) => response.data),
    heapBytes: () => 0,
  };
}
