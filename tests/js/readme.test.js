// The README's example, run as it is written (quickjs's readme.test.ts idea):
// only the API origin is swapped for the mock backend's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createMockBackend } from '../../web-demo/mock-backend.js';

const root = new URL('../../', import.meta.url);

test('the README example runs and gets its answer across an expiry', async () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const example = readme.match(/```js\n(import \{ createClient \} from 'silent-refresh';[\s\S]*?)```/)[1];
  const backend = createMockBackend();
  const origin = await backend.listen();
  const script = new URL(`tests/js/.readme-example-${process.pid}.mjs`, root);
  try {
    backend.inject('/api/profile', { raw: JSON.stringify({ code: 4001 }) }); // the token "expired"
    writeFileSync(script, `import XMLHttpRequest from 'xhr2';\nglobalThis.XMLHttpRequest = XMLHttpRequest;\n` +
      example.replaceAll('https://api.example.com', origin));
    // Asynchronous: the backend answers from this process while the example runs.
    const output = await new Promise((resolve, reject) => {
      execFile('node', [script.pathname], (error, stdout, stderr) =>
        (error ? reject(new Error(stderr || error.message)) : resolve(stdout)));
    });
    assert.match(output, /^200 \{ code: 0, data: \{ path: '\/api\/profile'/);
    assert.equal(backend.state.refreshCalls, 1);
    assert.equal(backend.requestsTo('/api/profile').length, 2);
  } finally {
    rmSync(script, { force: true });
    await backend.close();
  }
});

// Each file is used by a test: the Vue app by tests/browser/vue-app.test.js (its tokens in a Pinia
// store), the backends by tests/js/backends.test.js and tests/browser/backends.test.js.
const SHOWN_AS_THEY_ARE = ['web-demo/vue-app/src/main.js', 'web-demo/vue-app/vite.config.js',
  'web-demo/vue-app/src/token-store.js', 'web-demo/backends/oauth.js', 'web-demo/backends/django.js',
  'web-demo/backends/cookie.js', 'web-demo/vue2-webpack4/webpack.config.js', 'web-demo/vue2-webpack4/src/main.js'];

test('the README\'s Vue, Vite and "Your backend" snippets are the files the tests build and run', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  for (const file of SHOWN_AS_THEY_ARE) {
    const source = readFileSync(new URL(file, root), 'utf8');
    assert.ok(blocks.includes(source), `README shows ${file} as it is`);
  }
});

test('"Coming from axios" shows the difference between the two wrappers the browser suite runs', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const diff = readme.match(/## Coming from axios[\s\S]*?```diff\n([\s\S]*?)```/)[1].split('\n');
  const before = readFileSync(new URL('web-demo/axios-app/request.before.js', root), 'utf8').split('\n');
  const after = readFileSync(new URL('web-demo/axios-app/request.js', root), 'utf8').split('\n');
  const changed = (sign) => diff.filter((line) => line.startsWith(sign)).map((line) => line.slice(1)).filter((line) => line.trim());
  const removed = changed('-');
  const added = changed('+');
  assert.ok(added.some((line) => line.includes('createAxiosAdapter(client)')));
  for (const line of removed) assert.ok(before.includes(line) && !after.includes(line), `removed: ${line}`);
  for (const line of added) assert.ok(after.includes(line) && !before.includes(line), `added: ${line}`);
});
