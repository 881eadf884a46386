// Compiled by tsc --noEmit in the tests: the declarations must accept real
// usage and reject misuse (the @ts-expect-error lines fail if they stop erroring).
import { createClient, HttpError, type Client, type HttpResponse, type ClientStats } from 'silent-refresh';
import { SilentRefreshPlugin, useHttp } from 'silent-refresh/vue';
import { createAxiosAdapter } from 'silent-refresh/axios';
import { createApp, defineComponent } from 'vue';

interface User { id: number; name: string }

const client: Client = createClient({
  baseURL: 'https://api.example.com',
  timeout: 5000,
  headers: { 'X-App': 'demo' },
  tokenHeader: 'Authorization',
  tokenPrefix: 'Bearer ',
  storage: 'sessionStorage',
  refresh: { url: '/auth/refresh', tokenPath: 'data.accessToken', beforeExpiry: 30, bodyField: null, header: 'X-Refresh' },
  expiredWhen: { status: [401], bodyPath: 'code', bodyValues: [4001, 'EXPIRED'] },
  tokenOrigins: ['https://api.example.com'],
  onRefreshFailed: (error: HttpError) => { console.log(error.code); },
});

async function usage(): Promise<void> {
  await client.ready;
  const users: HttpResponse<User[]> = await client.get<User[]>('/users', { params: { page: 1 }, timeout: 100 });
  const first: string = users.data[0].name;
  const created = await client.post<User>('/users', { name: first }, { headers: { 'X-Trace': 1 } });
  const id: number = created.data.id;
  await client.put('/files/1', new Uint8Array([1, 2]), { responseType: 'arraybuffer', signal: new AbortController().signal });
  await client.patch('/form', new URLSearchParams({ a: '1' }));
  await client.request({ url: '/login', method: 'POST', data: 'raw', skipAuth: true });
  await client.delete(`/users/${id}`);
  await client.head('/ping');
  client.setTokens({ token: 't', refreshToken: 'r' });
  client.setTokens({ token: 't', expiresIn: 300 });
  const silent: string = await client.getTokenSilently();
  await client.get('/cross', { withCredentials: true });
  const cookies = new Map<string, string>();
  createClient({
    refreshTokenKey: null,
    withCredentials: true,
    storage: { getItem: (key) => cookies.get(key), setItem: (key, value) => { cookies.set(key, value); }, removeItem: (key) => { cookies.delete(key); } },
    refresh: { url: 'https://sso.example.com/token', bodyFormat: 'form', bodyField: 'refresh_token',
      params: { grant_type: 'refresh_token', client_id: 'spa' }, headers: { 'X-Tenant': 'acme' }, query: null,
      withCredentials: true, tokenPath: '', refreshTokenPath: 'refresh_token', expiresInPath: 'expires_in' },
  });
  // @ts-expect-error bodyFormat is 'json' or 'form'
  createClient({ refresh: { bodyFormat: 'xml' } });
  console.log(silent.length);
  const token: string | null = client.getToken();
  client.clearTokens();
  const off: () => void = client.on('queued', ({ url, queueLength }) => console.log(url, queueLength + 1));
  client.on('refreshed', ({ token: fresh }) => fresh.toUpperCase());
  client.on('refreshfailed', (error) => error.transient);
  off();
  const stats: ClientStats = client.stats();
  console.log(token, stats.heapBytes + stats.queueLength);
  try {
    await client.get('/x');
  } catch (error) {
    if (error instanceof HttpError && error.code === 'ERR_REFRESH_FAILED') console.log(error.response?.status);
  }
  client.destroy();

  // @ts-expect-error: unknown storage kind
  createClient({ storage: 'cookies' });
  // @ts-expect-error: unknown event
  client.on('refreshing', () => {});
  // @ts-expect-error: responseType blob is not supported
  await client.get('/x', { responseType: 'blob' });
}

const app = createApp(defineComponent({
  setup() {
    const http: Client = useHttp();
    return { http };
  },
  mounted() {
    void this.$http.get('/from-options-api');
  },
}));
app.use(SilentRefreshPlugin, { baseURL: '/api' });

const adapter: (config: any) => Promise<any> = createAxiosAdapter(client);
// @ts-expect-error the adapter takes a client
createAxiosAdapter({});

void usage;
void adapter;
