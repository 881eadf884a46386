import type { Client, ClientOptions } from './index.js';

/**
 * `app.use(SilentRefreshPlugin, options)` (Vue 3) or `Vue.use(SilentRefreshPlugin, options)` (Vue 2.7):
 * one client for the app, destroyed when a Vue 3.5+ app unmounts.
 */
export declare const SilentRefreshPlugin: {
  // A Vue 3 app, or the Vue 2.7 constructor.
  install(app: any, options?: ClientOptions): void;
};

/** The app's client, inside `setup()`. Throws when the plugin is not installed. */
export declare function useHttp(): Client;

declare module 'vue' {
  interface ComponentCustomProperties {
    /** The app's silent-refresh client. */
    $http: Client;
  }
}
