import Vue from 'vue';
import { SilentRefreshPlugin } from 'silent-refresh/vue';
import wasmURL from 'silent-refresh/dist/silent-refresh.wasm';
import App from './App.vue';

Vue.use(SilentRefreshPlugin, { baseURL: location.origin, refresh: { url: '/refreshtoken' }, wasmURL });
new Vue({ render: (h) => h(App) }).$mount('#app');
