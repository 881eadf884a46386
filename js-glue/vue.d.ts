import type { App } from 'vue';
import type { Client, ClientOptions } from './index.js';

/** `app.use(SilentRefreshPlugin, options)`: one client for the app, destroyed when the app unmounts (Vue 3.5+). */
export declare const SilentRefreshPlugin: {
  install(app: App, options?: ClientOptions): void;
};

/** The app's client, inside `setup()`. Throws when the plugin is not installed. */
export declare function useHttp(): Client;

declare module 'vue' {
  interface ComponentCustomProperties {
    /** The app's silent-refresh client. */
    $http: Client;
  }
}
