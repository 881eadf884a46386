// The wrapper many apps carry (vue-element-admin's request.js, grown a refresh): axios plus an
// isRefreshing interceptor and a queue of stored resolvers. web-demo/axios-app/request.js is the
// same wrapper migrated to silent-refresh/axios; README "Coming from axios" shows the difference.
import axios from 'axios';

const service = axios.create({ baseURL: '/', timeout: 10000 });

service.interceptors.request.use((config) => {
  const token = localStorage.getItem('token');
  if (token) config.headers['X-Token'] = token;
  return config;
});

let isRefreshing = false;
let waiting = [];

service.interceptors.response.use(
  async (response) => {
    const res = response.data;
    if (res.code === 4001) {
      const { config } = response;
      if (!isRefreshing) {
        isRefreshing = true;
        try {
          const { data } = await axios.post('/refreshtoken', { refreshToken: localStorage.getItem('refreshToken') });
          localStorage.setItem('token', data.data.token);
          localStorage.setItem('refreshToken', data.data.refreshToken);
          waiting.forEach((retry) => retry(data.data.token));
          waiting = [];
          return service(config);
        } finally {
          isRefreshing = false;
        }
      }
      return new Promise((resolve) => {
        waiting.push((token) => {
          config.headers['X-Token'] = token;
          resolve(service(config));
        });
      });
    }
    if (response.request.responseType === 'blob') return response.data;
    if (res.code !== 0) return Promise.reject(new Error(res.message || 'Error'));
    return res;
  },
  (error) => Promise.reject(error),
);

export default service;
