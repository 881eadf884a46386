import Vue from 'vue';
import { SilentRefreshPlugin } from 'silent-refresh/vue';
import App from './App.vue';

Vue.use(SilentRefreshPlugin, { baseURL: location.origin, refresh: { url: '/refreshtoken' } });
new Vue({ render: (h) => h(App) }).$mount('#app');
