// silent-refresh/vue in a Vue 2.7 app (the many admin templates still on Vue 2): the packed package
// installed beside Vue 2.7.16 as the app's 'vue', Vue.use(SilentRefreshPlugin), and a component
// that gets the client through useHttp() in setup() and this.$http, across a token expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockBackend } from '../../web-demo/mock-backend.js';

const root = new URL('../../', import.meta.url).pathname;

const APP = `
import XMLHttpRequest from 'xhr2';
import Vue from 'vue';
import { SilentRefreshPlugin, useHttp } from 'silent-refresh/vue';
globalThis.XMLHttpRequest = XMLHttpRequest;
const [origin, tokens] = [process.argv[2], JSON.parse(process.argv[3])];
Vue.use(SilentRefreshPlugin, { baseURL: origin, storage: 'memory' });
let fromSetup;
const vm = new Vue({ setup() { fromSetup = useHttp(); return {}; }, render: (h) => h('p') });
fromSetup.setTokens(tokens);
const { data } = await vm.$http.get('/api/profile');
console.log(JSON.stringify({ vue: Vue.version, path: data.data.path, same: vm.$http === fromSetup }));
fromSetup.destroy();
`;

test('Vue 2.7: Vue.use(SilentRefreshPlugin), useHttp() in setup() and this.$http are one client, which refreshes across an expiry', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'silent-refresh-vue2-'));
  const backend = createMockBackend();
  const origin = await backend.listen();
  try {
    const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' });
    const [{ filename }] = JSON.parse(output);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'vue2-app', type: 'module', private: true }));
    // node_modules/vue2 is Vue 2.7.16 (an npm alias); installed from its folder it is the app's 'vue'.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--ignore-scripts', join(scratch, filename),
      join(root, 'node_modules/vue2'), join(root, 'node_modules/xhr2')], { cwd: scratch, stdio: 'pipe' });
    writeFileSync(join(scratch, 'app.js'), APP);
    const tokens = backend.login();
    backend.expireAccessTokens();
    const stdout = await new Promise((resolve, reject) => {
      execFile('node', ['app.js', origin, JSON.stringify(tokens)], { cwd: scratch },
        (error, out, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(out)));
    });
    assert.deepEqual(JSON.parse(stdout), { vue: '2.7.16', path: '/api/profile', same: true });
    assert.equal(backend.state.refreshCalls, 1);
  } finally {
    await backend.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});
