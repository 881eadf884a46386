// The Vue 2.7 example built the two ways Vue 2 apps are built — webpack 4 with vue-loader 15 (Vue CLI 4,
// the admin templates: web-demo/vue2-webpack4/) and webpack 5 (web-demo/vue2-webpack5/) — served
// statically and run in every engine across an expiry.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

const APPS = [
  // webpack 4 hashes with md4, which Node 17+ keeps behind the legacy OpenSSL provider.
  { name: 'webpack 4', folder: 'vue2-webpack4', env: { NODE_OPTIONS: '--openssl-legacy-provider' } },
  { name: 'webpack 5', folder: 'vue2-webpack5', env: {} },
];
const outDirs = Object.fromEntries(APPS.map(({ folder }) => [folder, mkdtempSync(join(tmpdir(), `silent-refresh-${folder}-`))]));

before(() => {
  for (const { folder, env } of APPS) {
    const app = new URL(`../../web-demo/${folder}/`, import.meta.url).pathname;
    execFileSync(join(app, 'node_modules/.bin/webpack'), ['--mode', 'production', '--output-path', outDirs[folder]],
      { cwd: app, stdio: 'pipe', env: { ...process.env, ...env } });
    copyFileSync(join(app, 'index.html'), join(outDirs[folder], 'index.html'));
  }
});
after(() => Object.values(outDirs).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

for (const { name, folder } of APPS) {
  test(`${name} emits the .wasm as a file of its own`, () => {
    const files = readdirSync(outDirs[folder]);
    assert.ok(files.some((file) => /\.wasm$/.test(file)), files.join(', '));
  });
}

for (const engine of ENGINES) {
  describe(`in ${engine}`, () => {
    const mounts = Object.fromEntries(APPS.map(({ folder }) => [`/${folder}/`, outDirs[folder]]));
    const fixture = useDemoAndBrowser(engine, { mounts });

    for (const { name, folder } of APPS) {
      test(`the Vue 2.7 app built with ${name} fetches through useHttp() across an expiry, with one refresh`, async () => {
        const page = await fixture.browser.newPage();
        await page.goto(`${fixture.demo.url}${folder}/`);
        await page.waitForSelector('#login');
        await page.click('#login');
        await page.waitForFunction(() => document.querySelector('#status').textContent === 'logged in');
        await fetch(`${fixture.demo.url}__control/expire`);
        const before = fixture.demo.backend.state.refreshCalls;
        await page.click('#load');
        await page.waitForFunction(() => document.querySelector('#status').textContent === 'loaded');
        assert.deepEqual(await page.texts('#items li'), ['/api/vue2/1', '/api/vue2/2', '/api/vue2/3']);
        assert.equal(await page.textContent('#refreshes'), '1');
        assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
        assert.deepEqual(await page.errors(), []);
        await page.close();
      });
    }
  });
}
