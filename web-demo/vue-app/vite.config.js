import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  // Relative asset URLs: the built app works from any folder of a static server.
  base: './',
  // silent-refresh is linked (file:../..), and a linked package would otherwise bring its own Vue.
  resolve: { dedupe: ['vue'] },
});
