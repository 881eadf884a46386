import Vue from 'vue';
import { SilentRefreshPlugin } from 'silent-refresh/vue';
// The same component as the webpack 4 example: only the build differs.
import App from '../../vue2-webpack4/src/App.vue';

Vue.use(SilentRefreshPlugin, { baseURL: location.origin, refresh: { url: '/refreshtoken' } });
new Vue({ render: (h) => h(App) }).$mount('#app');
