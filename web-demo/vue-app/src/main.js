import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { SilentRefreshPlugin } from 'silent-refresh/vue';
import { useTokenStore, piniaStorage } from './token-store.js';
import App from './App.vue';

const pinia = createPinia();
createApp(App)
  .use(pinia)
  .use(SilentRefreshPlugin, {
    baseURL: location.origin,
    refresh: { url: '/refreshtoken' },
    storage: piniaStorage(useTokenStore(pinia)),
  })
  .mount('#app');
