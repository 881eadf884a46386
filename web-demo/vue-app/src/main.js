import { createApp } from 'vue';
import { SilentRefreshPlugin } from 'silent-refresh/vue';
import App from './App.vue';

createApp(App)
  .use(SilentRefreshPlugin, {
    baseURL: location.origin,
    refresh: { url: '/refreshtoken' },
  })
  .mount('#app');
