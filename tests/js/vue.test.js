// silent-refresh/vue under Node: a server-rendered app whose component
// fetches through useHttp() and this.$http across a token expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { SilentRefreshPlugin, useHttp } from '../../js-glue/vue.js';
import { createMockBackend } from '../../web-demo/mock-backend.js';
import './helpers.js';

test('useHttp() and this.$http give components the app client, which refreshes across an expiry', async () => {
  const backend = createMockBackend();
  const origin = await backend.listen();
  try {
    let client;
    const Profile = defineComponent({
      async setup() {
        client = useHttp();
        client.setTokens(backend.login());
        backend.expireAccessTokens();
        const { data } = await client.get('/api/profile');
        return { path: data.data.path };
      },
      render() {
        return h('p', `${this.path} via ${this.$http === client ? 'the same client' : 'another client'}`);
      },
    });
    const app = createSSRApp(defineComponent({ render: () => h(Profile) }));
    app.use(SilentRefreshPlugin, { baseURL: origin, storage: 'memory', tokenKey: 'vue-token', refreshTokenKey: 'vue-refresh' });
    const html = await renderToString(app);
    assert.equal(html, '<p>/api/profile via the same client</p>');
    assert.equal(backend.state.refreshCalls, 1);
    client.destroy();
  } finally {
    await backend.close();
  }
});

test('useHttp() outside an app with the plugin explains what is missing', async () => {
  const app = createSSRApp(defineComponent({ setup() { useHttp(); return () => null; } }));
  app.config.warnHandler = () => {};
  await assert.rejects(renderToString(app), /install the plugin first/);
});
