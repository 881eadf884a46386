// A Vue CLI 4-style build: webpack 4, vue-loader 15, Vue 2.7. webpack 4 reads no "exports": it takes
// silent-refresh's ES2019 copy through "module", the subpath through the alias below, and the .wasm
// as a file of its own (file-loader), whose URL the app hands to the client as wasmURL.
const path = require('path');
const { VueLoaderPlugin } = require('vue-loader');

module.exports = {
  entry: './src/main.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'app.js', publicPath: './' },
  resolve: {
    alias: {
      'silent-refresh/vue$': 'silent-refresh/dist/es2019/js-glue/vue.js',
      // silent-refresh is linked here (file:../..), and a linked package would otherwise bring its own Vue.
      vue$: path.resolve(__dirname, 'node_modules/vue'),
    },
  },
  module: {
    rules: [
      { test: /\.vue$/, loader: 'vue-loader' },
      // webpack 4 would try to compile the .wasm as a module of its own; it is a plain file here.
      { test: /\.wasm$/, type: 'javascript/auto', loader: 'file-loader', options: { name: '[name].[contenthash:8].[ext]' } },
    ],
  },
  plugins: [new VueLoaderPlugin()],
  performance: { hints: false },
};
