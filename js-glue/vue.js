// silent-refresh for Vue 3: app.use(SilentRefreshPlugin, options) provides one
// client to the whole app, as this.$http and through useHttp() in setup().

import { inject } from 'vue';
import { createClient } from './index.js';

const clientKey = Symbol('silent-refresh client');

export const SilentRefreshPlugin = {
  install(app, options = {}) {
    const client = createClient(options);
    app.provide(clientKey, client);
    app.config.globalProperties.$http = client;
    // Vue 3.5+: free the wasm state and settle what is pending with the app.
    app.onUnmount?.(() => client.destroy());
  },
};

export function useHttp() {
  const client = inject(clientKey, null);
  if (client === null) throw new Error('useHttp(): install the plugin first with app.use(SilentRefreshPlugin, options)');
  return client;
}
