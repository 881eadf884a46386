/** Error codes a request can reject with (docs/behaviour.md has when each one happens). */
export type HttpErrorCode =
  | 'ERR_BAD_RESPONSE'
  | 'ERR_NETWORK'
  | 'ECONNABORTED'
  | 'ERR_CANCELED'
  | 'ERR_REFRESH_FAILED'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_BAD_OPTION'
  | 'ERR_NO_MEMORY'
  /** A bug in silent-refresh (an engine result it does not know): please report it. */
  | 'ERR_INTERNAL';

/** How the response body is handed back: parsed JSON (text when it is not JSON), text, or bytes. */
export type ResponseType = 'json' | 'text' | 'arraybuffer';

/** Plain objects and arrays are sent as JSON; the rest as they are. */
export type RequestData =
  | Record<string, unknown>
  | unknown[]
  | string
  | ArrayBuffer
  | ArrayBufferView
  | URLSearchParams;

export interface RequestConfig {
  /** Absolute, or relative to `baseURL`. */
  url: string;
  /** Defaults to 'GET'. */
  method?: string;
  /** Appended to the query string, axios-style (`tags[]=a&tags[]=b`). */
  params?: Record<string, unknown> | URLSearchParams;
  data?: RequestData;
  /** Merged over the client's default headers; names compare case-insensitively. */
  headers?: Record<string, string | number | boolean | null | undefined>;
  /** Milliseconds per HTTP exchange; 0 = none. Defaults to the client's `timeout`. */
  timeout?: number;
  /** Aborting rejects with ERR_CANCELED, also while the request waits for a refresh. */
  signal?: AbortSignal;
  /** Defaults to 'json'. */
  responseType?: ResponseType;
  /** Send no token and never trigger a refresh (login, public endpoints). */
  skipAuth?: boolean;
}

/** `config` without `url`, for the shorthand methods. */
export type MethodConfig = Omit<RequestConfig, 'url' | 'method' | 'data'>;

export interface HttpResponse<T = any> {
  data: T;
  status: number;
  statusText: string;
  /** Response headers with lower-cased names. */
  headers: Record<string, string>;
  config: RequestConfig;
}

/** Every rejection of the client is an HttpError. */
export declare class HttpError extends Error {
  constructor(code: HttpErrorCode | string, message: string,
    details?: { config?: RequestConfig | object; response?: HttpResponse | object; transient?: boolean });
  readonly name: 'HttpError';
  code: HttpErrorCode;
  /** The request's config, when the error belongs to a request. */
  config?: RequestConfig;
  /** The server's answer, when there was one. */
  response?: HttpResponse;
  /** True when trying again later may succeed (network errors, timeouts, 5xx, transient refresh failures). */
  transient: boolean;
}

export interface RefreshOptions {
  /** Relative to baseURL unless absolute. Default '/refreshtoken'. */
  url?: string;
  /** Default 'POST'. */
  method?: string;
  /** The refresh token is sent as JSON `{ [bodyField]: refreshToken }`; null = no body. Default 'refreshToken'. */
  bodyField?: string | null;
  /** A header that carries the refresh token, or null. Default null. */
  header?: string | null;
  /** Dotted path of the new access token in the refresh response. Default 'data.token'. */
  tokenPath?: string;
  /** Dotted path of the new refresh token (may be absent). Default 'data.refreshToken'. */
  refreshTokenPath?: string | null;
  /** Milliseconds. Default 10000. */
  timeout?: number;
  /** Seconds; > 0 refreshes a JWT access token this long before its `exp`. Default 0. */
  beforeExpiry?: number;
}

export interface ExpiredWhen {
  /** HTTP statuses that mean "access token expired". Default [401]. */
  status?: number[];
  /** Dotted path into a JSON response body (any status). Default 'code'. */
  bodyPath?: string | null;
  /** Values at bodyPath that mean "expired". Default [4001]. */
  bodyValues?: Array<number | string | boolean>;
}

export interface ClientOptions {
  /** Prefix for relative URLs. Default ''. */
  baseURL?: string;
  /** Milliseconds per request, 0 = none. Default 0. */
  timeout?: number;
  /** Default request headers. */
  headers?: Record<string, string | number | boolean>;
  /** Header that carries the access token. Default 'X-Token'. */
  tokenHeader?: string;
  /** Put before the token, e.g. 'Bearer '. Default ''. */
  tokenPrefix?: string;
  /** Default 'localStorage'. Falls back to page memory where Web Storage is unavailable. */
  storage?: 'localStorage' | 'sessionStorage' | 'memory';
  /** Storage key of the access token. Default 'token'. */
  tokenKey?: string;
  /** Storage key of the refresh token. Default 'refreshToken'. */
  refreshTokenKey?: string;
  refresh?: RefreshOptions;
  expiredWhen?: ExpiredWhen;
  /** The access token is only attached to requests to these origins. Default: baseURL's origin, else the page's. */
  tokenOrigins?: string[];
  /** Called once when a refresh fails definitively (the session is over), after the tokens are cleared. */
  onRefreshFailed?: ((error: HttpError) => void) | null;
  /** Where to load the .wasm from. Default: beside the module (bundlers pick it up). */
  wasmURL?: string | URL;
  /** The .wasm bytes themselves. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
}

export interface ClientEvents {
  /** A refresh starts. */
  refresh: { url: string };
  /** A refresh stored a new token. The only event that carries a token. */
  refreshed: { token: string };
  /** Every failed refresh, transient or definitive. */
  refreshfailed: HttpError;
  /** A request waits for the refresh. */
  queued: { url: string; queueLength: number };
  /** A request is replayed with a new token. */
  retry: { url: string };
}

export interface ClientStats {
  requests: number;
  refreshes: number;
  queued: number;
  retried: number;
  failed: number;
  inFlight: number;
  queueLength: number;
  /** Bytes the wasm allocator holds; returns to its steady size once requests settle. */
  heapBytes: number;
  /** The size of the WebAssembly memory, which never shrinks. */
  memoryBytes: number;
}

export interface Client {
  /** Resolves when the wasm module is instantiated; rejects with a clear error when it cannot be loaded. */
  readonly ready: Promise<void>;
  request<T = any>(config: RequestConfig): Promise<HttpResponse<T>>;
  get<T = any>(url: string, config?: MethodConfig): Promise<HttpResponse<T>>;
  delete<T = any>(url: string, config?: MethodConfig): Promise<HttpResponse<T>>;
  head<T = any>(url: string, config?: MethodConfig): Promise<HttpResponse<T>>;
  post<T = any>(url: string, data?: RequestData, config?: MethodConfig): Promise<HttpResponse<T>>;
  put<T = any>(url: string, data?: RequestData, config?: MethodConfig): Promise<HttpResponse<T>>;
  patch<T = any>(url: string, data?: RequestData, config?: MethodConfig): Promise<HttpResponse<T>>;
  /** Stores the tokens (typically after login). Absent fields are left as they are. Works after destroy(). */
  setTokens(tokens: { token?: string | null; refreshToken?: string | null }): void;
  /** The stored access token, or null. Works after destroy(). */
  getToken(): string | null;
  /** Removes both tokens (logout). Works after destroy(): logging out never needs the engine. */
  clearTokens(): void;
  /**
   * Subscribes to an event; returns the function that unsubscribes.
   * @throws {HttpError} ERR_CANCELED after destroy(): a destroyed client has no events.
   */
  on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): () => void;
  /** @throws {HttpError} ERR_CANCELED after destroy(): its engine is freed. */
  stats(): ClientStats;
  /**
   * Rejects everything pending with ERR_CANCELED and frees the wasm state. Afterwards requests
   * reject and on() and stats() throw that same error ("silent-refresh: the client was destroyed");
   * the token methods keep working on storage. Calling it twice is harmless.
   */
  destroy(): void;
}

/** Creates a client synchronously; the wasm loads in the background and requests wait for it. */
export declare function createClient(options?: ClientOptions): Client;
