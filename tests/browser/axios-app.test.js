// Coming from axios: the classic request.js wrapper migrated by deleting its refresh interceptor and
// adding the adapter line (web-demo/axios-app/request.js), bundled by esbuild as an app would be, run
// in every engine across an expiry with a multipart upload and a blob download.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BROWSER_BUNDLE } from '../../bench/size.js';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

const root = new URL('../../', import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'silent-refresh-axios-app-'));

// The package as an installed app imports it: 'silent-refresh' and 'silent-refresh/axios'.
const asInstalled = {
  name: 'silent-refresh as installed',
  setup(builder) {
    builder.onResolve({ filter: /^silent-refresh(\/axios)?$/ }, ({ path }) =>
      ({ path: join(root, path.endsWith('/axios') ? 'js-glue/axios.js' : 'js-glue/index.js') }));
  },
};

before(async () => {
  await build({
    ...BROWSER_BUNDLE,
    stdin: { contents: "import service from './web-demo/axios-app/request.js'; window.service = service;", resolveDir: root, loader: 'js' },
    plugins: [asInstalled],
    outfile: join(folder, 'app.js'),
  });
  // esbuild does not emit assets found with new URL(..., import.meta.url); an app copies the .wasm
  // beside its bundle (README, "Bundlers"), where the module looks for it.
  copyFileSync(join(root, 'dist/silent-refresh.wasm'), join(folder, 'silent-refresh.wasm'));
  writeFileSync(join(folder, 'index.html'), '<!doctype html><script type="module" src="./app.js"></script>');
});
after(() => rmSync(folder, { recursive: true, force: true }));

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { tokenLifetimeMs: 0, mounts: { '/axios-app/': folder } });

    test('the migrated request.js: 10 requests, an upload and a download across an expiry, one refresh, unwrapped by the app\'s interceptor', async () => {
      const page = await fixture.browser.newPage();
      await page.goto(`${fixture.demo.url}axios-app/`);
      await page.waitForFunction(() => window.service !== undefined);
      await page.evaluate(async () => {
        const { data } = await (await fetch('/login', { method: 'POST' })).json();
        localStorage.setItem('token', data.token);
        localStorage.setItem('refreshToken', data.refreshToken);
      });
      await fetch(`${fixture.demo.url}__control/expire`);
      const before = fixture.demo.backend.state.refreshCalls;
      const result = await page.evaluate(async () => {
        const form = new FormData();
        form.append('report', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'report.csv');
        const [items, upload, download] = await Promise.all([
          Promise.all(Array.from({ length: 10 }, (_, i) => window.service.get(`/api/item/${i}`))),
          window.service.post('/api/echo', form),
          window.service.get('/api/big', { params: { bytes: 2000 }, responseType: 'blob' }),
        ]);
        return {
          codes: items.map((res) => res.code),
          uploadType: upload.data.contentType.split(';')[0],
          uploadHasFile: atob(upload.data.bodyBase64).includes('filename="report.csv"'),
          download: download instanceof Blob ? download.size : null,
        };
      });
      assert.deepEqual(result, { codes: Array(10).fill(0), uploadType: 'multipart/form-data', uploadHasFile: true, download: 2000 });
      assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
      await page.close();
    });
  });
}
