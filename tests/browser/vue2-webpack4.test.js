// The Vue 2.7 example built as the Vue 2 admin templates build (webpack 4, vue-loader 15; the
// project in web-demo/vue2-webpack4/), served statically, run in every engine across an expiry.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

const app = new URL('../../web-demo/vue2-webpack4/', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'silent-refresh-vue2-webpack4-'));

before(() => {
  // webpack 4 hashes with md4, which Node 17+ keeps behind the legacy OpenSSL provider.
  execFileSync(join(app, 'node_modules/.bin/webpack'), ['--mode', 'production', '--output-path', outDir],
    { cwd: app, stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' } });
  copyFileSync(join(app, 'index.html'), join(outDir, 'index.html'));
});
after(() => rmSync(outDir, { recursive: true, force: true }));

test('webpack 4 emits the .wasm as a file of its own and parses the package (its ES2019 copy)', () => {
  assert.ok(readdirSync(outDir).some((name) => /^silent-refresh\.[0-9a-f]{8}\.wasm$/.test(name)), readdirSync(outDir).join(', '));
});

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { mounts: { '/vue2-webpack4/': outDir } });

    test('the Vue 2.7 app fetches through useHttp() across an expiry, with one refresh', async () => {
      const page = await fixture.browser.newPage();
      await page.goto(`${fixture.demo.url}vue2-webpack4/`);
      await page.waitForSelector('#login');
      await page.click('#login');
      await page.waitForFunction(() => document.querySelector('#status').textContent === 'logged in');
      await fetch(`${fixture.demo.url}__control/expire`);
      await page.click('#load');
      await page.waitForFunction(() => document.querySelector('#status').textContent === 'loaded');
      assert.deepEqual(await page.texts('#items li'), ['/api/vue2/1', '/api/vue2/2', '/api/vue2/3']);
      assert.equal(await page.textContent('#refreshes'), '1');
      assert.equal(fixture.demo.backend.state.refreshCalls, 1);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });
  });
}
