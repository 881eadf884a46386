// The package as users get it: the exports list matches what the glue calls,
// the declarations compile, and an `npm pack` tarball resolves every entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const read = (path) => readFileSync(join(root, path), 'utf8');

test('wasm/exported_functions.json lists exactly what the glue calls, and the build exports it', () => {
  const listed = JSON.parse(read('wasm/exported_functions.json')).sort();
  const glue = readdirSync(join(root, 'js-glue')).filter((f) => f.endsWith('.js')).map((f) => read(`js-glue/${f}`)).join('\n');
  const called = [...new Set(glue.match(/\b_(sr_wasm_\w+|malloc|free)\b/g))].sort();
  assert.deepEqual(called, listed);
  const built = read('dist/silent-refresh.mjs');
  for (const name of listed) assert.match(built, new RegExp(`[.'"]${name}\\b`), `${name} is exported by the build`);
});

test('index.d.ts and vue.d.ts compile against real usage (tsc --noEmit)', () => {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tests/types')], { stdio: 'pipe' });
});

test('a packed tarball installs into a scratch project and every export resolves', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'silent-refresh-pack-'));
  try {
    const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch],
      { cwd: root, encoding: 'utf8' });
    const [{ filename, files }] = JSON.parse(output);
    const packed = files.map((f) => f.path);
    for (const file of ['dist/silent-refresh.wasm', 'js-glue/index.d.ts', 'README.md', 'LICENSE', 'CHANGELOG.md',
      'dist/es2019/js-glue/index.js', 'dist/es2019/dist/silent-refresh.mjs']) {
      assert.ok(packed.includes(file), `${file} is in the package`);
    }
    assert.ok(!packed.some((p) => p.startsWith('src/') || p.startsWith('tests/')), 'only the runtime is shipped');
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', type: 'module', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--ignore-scripts', join(scratch, filename), join(root, 'node_modules/vue'),
      join(root, 'node_modules/xhr2'), join(root, 'node_modules/axios')], { cwd: scratch, stdio: 'pipe' });
    const script = `
      import XMLHttpRequest from 'xhr2';
      globalThis.XMLHttpRequest = XMLHttpRequest;
      const { createClient, HttpError } = await import('silent-refresh');
      const vue = await import('silent-refresh/vue');
      const { createAxiosAdapter } = await import('silent-refresh/axios');
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      const wasm = require.resolve('silent-refresh/wasm');
      const pkg = require('silent-refresh/package.json');
      const client = createClient({ baseURL: 'http://127.0.0.1:9', storage: 'memory' });
      await client.ready;
      console.log(JSON.stringify({ createClient: typeof createClient, HttpError: typeof HttpError,
        plugin: typeof vue.SilentRefreshPlugin.install, useHttp: typeof vue.useHttp, adapter: typeof createAxiosAdapter,
        wasm: wasm.endsWith('silent-refresh.wasm'), name: pkg.name }));
      client.destroy();`;
    const result = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' }));
    assert.deepEqual(result, { createClient: 'function', HttpError: 'function', plugin: 'function', useHttp: 'function', adapter: 'function',
      wasm: true, name: 'silent-refresh' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
