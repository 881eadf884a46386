import axios from 'axios';
import { createClient } from 'silent-refresh';
import { createAxiosAdapter } from 'silent-refresh/axios';

const client = createClient({ baseURL: location.origin, onRefreshFailed: () => location.assign('/login') });
const service = axios.create({ baseURL: '/', timeout: 10000, adapter: createAxiosAdapter(client) });

service.interceptors.request.use((config) => {
  const token = localStorage.getItem('token');
  if (token) config.headers['X-Token'] = token;
  return config;
});

service.interceptors.response.use(
  (response) => {
    const res = response.data;
    if (response.request.responseType === 'blob') return response.data;
    if (res.code !== 0) return Promise.reject(new Error(res.message || 'Error'));
    return res;
  },
  (error) => Promise.reject(error),
);

export default service;
