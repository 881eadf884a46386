// The Vue example (web-demo/vue-app) as a user builds it: `vite build` from
// an installed silent-refresh, served statically, run in every engine.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

const app = new URL('../../web-demo/vue-app/', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'silent-refresh-vue-'));

before(async () => {
  execFileSync(join(app, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: app, stdio: 'pipe' });
});

after(() => rmSync(outDir, { recursive: true, force: true }));

test('vite build emits the .wasm as an asset of its own', () => {
  const assets = readdirSync(join(outDir, 'assets'));
  assert.ok(assets.some((name) => /^silent-refresh-.*\.wasm$/.test(name)), assets.join(', '));
});

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const fixture = useDemoAndBrowser(engine, { mounts: { '/vue-app/': outDir } });

    test('the built Vue app fetches through useHttp() across an expiry, with one refresh, its tokens in a Pinia store', async () => {
      const page = await fixture.browser.newPage();
      await page.goto(`${fixture.demo.url}vue-app/`);
      await page.click('#login');
      await page.waitForFunction(() => document.querySelector('#status').textContent === 'logged in');
      await fetch(`${fixture.demo.url}__control/expire`);
      await page.click('#load');
      await page.waitForFunction(() => document.querySelector('#status').textContent === 'loaded');
      assert.deepEqual(await page.texts('#items li'), ['/api/vue/1', '/api/vue/2', '/api/vue/3']);
      assert.equal(await page.textContent('#refreshes'), '1');
      // The tokens live in the app's Pinia store (storage: piniaStorage(...)), not in Web Storage.
      assert.equal(await page.textContent('#stored'), 'yes');
      assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
      assert.equal(fixture.demo.backend.state.refreshCalls, 1);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });
  });
}
