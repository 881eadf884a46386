// silent-refresh for Vue 3 and Vue 2.7: `app.use(SilentRefreshPlugin, options)` (Vue 3) or
// `Vue.use(SilentRefreshPlugin, options)` (Vue 2.7) gives one client to the whole app, as this.$http
// and through useHttp() in setup(). `inject` and `getCurrentInstance` come from the app's own 'vue',
// which has both in both versions.

import { getCurrentInstance, inject } from 'vue';
import { createClient } from './index.js';

const clientKey = Symbol('silent-refresh client');

export const SilentRefreshPlugin = {
  install(app, options = {}) {
    const client = createClient(options);
    if (app.config?.globalProperties) {
      // Vue 3: an app instance.
      app.provide(clientKey, client);
      app.config.globalProperties.$http = client;
      // Vue 3.5+: free the wasm state and settle what is pending with the app.
      app.onUnmount?.(() => client.destroy());
    } else {
      // Vue 2.7: the Vue constructor; useHttp() finds the client on the component.
      app.prototype.$http = client;
    }
  },
};

export function useHttp() {
  const client = inject(clientKey, null) ?? getCurrentInstance()?.proxy?.$http ?? null;
  if (client === null) throw new Error('useHttp(): install the plugin first with app.use(SilentRefreshPlugin, options)');
  return client;
}
