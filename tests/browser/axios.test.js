// silent-refresh/axios in every engine, with axios 1.x and the 0.2x versions Vue 2 apps pin, each
// bundled by esbuild the way an app is: the same requests through axios's own XHR adapter and
// through ours give equal responses (status, data after axios's transforms, headers), and only ours
// refreshes an expired token before the app's interceptors see anything.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BROWSER_BUNDLE } from '../../bench/size.js';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

const root = new URL('../../', import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'silent-refresh-axios-'));
const VERSIONS = { '1.21.1': 'axios', '0.27.2': 'axios-0.27', '0.21.4': 'axios-0.21' };

before(async () => {
  for (const [version, pkg] of Object.entries(VERSIONS)) {
    await build({
      ...BROWSER_BUNDLE,
      stdin: {
        contents: `import axios from 'axios';
          import { createClient } from './js-glue/index.js';
          import { createAxiosAdapter } from './js-glue/axios.js';
          window.harness = { axios, createClient, createAxiosAdapter };`,
        resolveDir: root,
        loader: 'js',
      },
      alias: { axios: pkg }, // the app's axios, for its code and the adapter's alike
      outfile: join(folder, `${version}.js`),
    });
    writeFileSync(join(folder, `${version}.html`), `<!doctype html><script type="module" src="./${version}.js"></script>`);
  }
});
after(() => rmSync(folder, { recursive: true, force: true }));

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { tokenLifetimeMs: 0, mounts: { '/axios-apps/': folder } });

    async function openApp(version) {
      const page = await fixture.browser.newPage();
      await page.goto(`${fixture.demo.url}axios-apps/${version}.html`);
      await page.waitForFunction(() => window.harness !== undefined);
      await page.evaluate(async () => {
        const { axios, createClient, createAxiosAdapter } = window.harness;
        const client = createClient({ baseURL: location.origin, wasmURL: '/dist/silent-refresh.wasm' });
        await client.ready;
        client.setTokens((await client.post('/login', {}, { skipAuth: true })).data.data);
        window.client = client;
        window.ours = axios.create({ baseURL: location.origin, adapter: createAxiosAdapter(client) });
        // axios's own adapter, sending the same token by hand.
        window.plain = axios.create({ baseURL: location.origin, headers: { 'X-Token': client.getToken() } });
        /** What a test compares of an axios outcome. */
        window.outcome = async (instance, config) => {
          try {
            const r = await instance.request(config);
            let { data } = r;
            if (data instanceof Blob) data = { blob: data.size, type: data.type, text: await data.text() };
            if (data instanceof ArrayBuffer) data = { bytes: data.byteLength, first: new Uint8Array(data)[1] };
            if (data?.data?.bodyBase64 !== undefined) { // the echo route: the multipart boundary differs by nature
              const type = data.data.contentType ?? '';
              const boundary = /boundary=(.+)$/.exec(type)?.[1];
              const body = atob(data.data.bodyBase64);
              // Charset names compare without case: Chromium upper-cases a string body's utf-8, Firefox and
              // WebKit keep it as written; the client sends bytes, which no browser rewrites.
              data = { type: type.replace(/boundary=.+$/, 'boundary=B').replace(/charset=utf-8/i, 'charset=utf-8'),
                body: boundary ? body.split(boundary).join('B') : body };
            }
            const headers = { ...(typeof r.headers.toJSON === 'function' ? r.headers.toJSON() : r.headers) };
            delete headers.date; // the clock moves between the two requests
            return { status: r.status, statusText: r.statusText, data, headers, requestResponseType: r.request.responseType ?? '' };
          } catch (error) {
            // null, not undefined: WebDriver brings an undefined property back as null.
            return { error: error.code ?? null, status: error.response?.status ?? null, isAxiosError: error.isAxiosError === true,
              isCancel: axios.isCancel(error), transient: error.transient ?? null };
          }
        };
      });
      return page;
    }

    const CASES = {
      'JSON, with params': { url: '/api/thing', params: { a: 1, list: [1, 2] } },
      text: { url: '/api/thing', responseType: 'text' },
      blob: { url: '/api/big', params: { bytes: 1000 }, responseType: 'blob' },
      arraybuffer: { url: '/api/big', params: { bytes: 1000 }, responseType: 'arraybuffer' },
      'a JSON body': { url: '/api/echo', method: 'post', data: { json: true } },
      URLSearchParams: { url: '/api/echo', method: 'post', data: 'URLSearchParams' },
      FormData: { url: '/api/echo', method: 'post', data: 'FormData' },
      'a Blob body': { url: '/api/echo', method: 'put', data: 'Blob' },
      'a custom paramsSerializer': { url: '/api/thing', params: { a: 1 }, paramsSerializer: 'custom' },
      'a 404': { url: '/api/status', params: { code: 404 } },
      'a 503 that validateStatus accepts': { url: '/api/status', params: { code: 503 }, validateStatus: 'all' },
    };

    for (const version of Object.keys(VERSIONS)) {
      test(`axios ${version}: every kind of request gives the same response through our adapter as through axios's own`, async () => {
        const page = await openApp(version);
        for (const [name, config] of Object.entries(CASES)) {
          const [theirs, ours] = await page.evaluate(async (c) => {
            const live = () => ({
              ...c,
              data: {
                FormData: () => {
                  const form = new FormData();
                  form.append('name', 'ada');
                  form.append('file', new Blob(['x'.repeat(50)], { type: 'text/plain' }), 'a.txt');
                  return form;
                },
                URLSearchParams: () => new URLSearchParams({ a: '1', b: 'x y' }),
                Blob: () => new Blob(['bytes'], { type: 'application/x-thing' }),
              }[c.data]?.() ?? c.data,
              paramsSerializer: c.paramsSerializer === 'custom' ? () => 'custom=1' : undefined,
              validateStatus: c.validateStatus === 'all' ? () => true : undefined,
            });
            return [await window.outcome(window.plain, live()), await window.outcome(window.ours, live())];
          }, config);
          assert.deepEqual(ours, theirs, `${name}`);
          assert.ok(theirs.status, `${name} got an answer`);
        }
        await page.close();
      });

      test(`axios ${version}: 20 requests across an expiry make one refresh; interceptors never see "expired", and the client's token beats a stale one`, async () => {
        const page = await openApp(version);
        await fetch(`${fixture.demo.url}__control/expire`);
        const before = fixture.demo.backend.state.refreshCalls;
        const result = await page.evaluate(async () => {
          const seen = [];
          window.ours.interceptors.request.use((config) => {
            config.headers['X-Token'] = 'stale-token-from-a-cookie'; // what real wrappers do
            return config;
          });
          window.ours.interceptors.response.use((response) => { seen.push(response.data.code); return response.data; });
          const bodies = await Promise.all(Array.from({ length: 20 }, (_, i) => window.ours.get(`/api/item/${i}`)));
          return { codes: bodies.map((body) => body.code), seen };
        });
        assert.deepEqual(result.codes, Array(20).fill(0));
        assert.deepEqual(result.seen, Array(20).fill(0));
        assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
        await page.close();
      });

      test(`axios ${version}: cancellation is axios's (isCancel), and the client's failures are AxiosErrors with their codes and transient`, async () => {
        const page = await openApp(version);
        await fetch(`${fixture.demo.url}__control/fault?kind=hang&path=/api/hang&times=2`);
        const outcomes = await page.evaluate(async () => {
          const { axios } = window.harness;
          const source = axios.CancelToken.source();
          const token = window.outcome(window.ours, { url: '/api/hang', cancelToken: source.token });
          setTimeout(() => source.cancel('stop'), 50);
          const results = { cancelToken: await token };
          if (typeof AbortController !== 'undefined' && axios.VERSION >= '0.22') {
            const controller = new AbortController();
            const signal = window.outcome(window.ours, { url: '/api/hang', signal: controller.signal });
            setTimeout(() => controller.abort(), 50);
            results.signal = await signal;
          }
          return results;
        });
        assert.equal(outcomes.cancelToken.isCancel, true);
        if (outcomes.signal) assert.equal(outcomes.signal.isCancel, true);
        await fetch(`${fixture.demo.url}__control/expire`);
        await fetch(`${fixture.demo.url}__control/fail-refresh?kind=500`);
        const failed = await page.evaluate(() => window.outcome(window.ours, { url: '/api/after' }));
        assert.deepEqual(failed, { error: 'ERR_REFRESH_FAILED', status: null, isAxiosError: true, isCancel: false, transient: true });
        await page.close();
      });
    }
  });
}
