// Vue 2.7 with webpack 5 and vue-loader 15. webpack 5 reads the package's "exports" (the modern
// JavaScript) and emits the .wasm that silent-refresh finds with new URL(..., import.meta.url) as
// an asset of its own: nothing to configure for silent-refresh.
const path = require('path');
const { VueLoaderPlugin } = require('vue-loader');

module.exports = {
  entry: './src/main.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'app.js', publicPath: 'auto' },
  resolve: {
    // silent-refresh is linked here (file:../..), and a linked package would otherwise bring its own Vue.
    alias: { vue$: path.resolve(__dirname, 'node_modules/vue') },
  },
  module: { rules: [{ test: /\.vue$/, loader: 'vue-loader' }] },
  plugins: [new VueLoaderPlugin()],
  performance: { hints: false },
};
