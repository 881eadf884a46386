import type { Client } from './index.js';

/**
 * An axios adapter that sends every request through `client`: expiry, the single refresh and the
 * replay happen inside it, so axios's response interceptors never see an expired answer. axios keeps
 * its interceptors, transforms, paramsSerializer, validateStatus and cancellation. Failures are
 * axios's own AxiosError (CanceledError for a cancellation); the client's codes that axios has no
 * word for (ERR_REFRESH_FAILED, ERR_TOKEN_EXPIRED) come through as `code`, with `transient`.
 * Works with axios 1.x and 0.21+. A request config may carry `skipAuth: true`.
 */
export declare function createAxiosAdapter(client: Client): (config: any) => Promise<any>;
