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
  /** Cookies on a cross-origin request. Defaults to the client's `withCredentials`. */
  withCredentials?: boolean;
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
  /** The body field that carries the refresh token; null = not in the body. Default 'refreshToken'. */
  bodyField?: string | null;
  /** 'json' (`{ ...params, [bodyField]: refreshToken }`) or 'form' (application/x-www-form-urlencoded, RFC 6749 §6). Default 'json'. */
  bodyFormat?: 'json' | 'form';
  /** Extra body fields, e.g. `{ grant_type: 'refresh_token', client_id: 'spa' }`. Default {}. */
  params?: Record<string, string | number | boolean>;
  /** A query parameter that carries the refresh token, or null. Default null. */
  query?: string | null;
  /** A header that carries the refresh token, or null. Default null. */
  header?: string | null;
  /** Extra headers on the refresh call (a tenant id, an API key). The client's `headers` are not sent there. */
  headers?: Record<string, string | number | boolean>;
  /** Cookies on a cross-origin refresh call. Always on in cookie mode (refreshTokenKey: null). Default false. */
  withCredentials?: boolean;
  /** Dotted path of the new access token in the refresh answer; '' = the whole body is the token. Default 'data.token'. */
  tokenPath?: string;
  /** Dotted path of the new refresh token (absent in an answer: the old one is kept). Default 'data.refreshToken'. */
  refreshTokenPath?: string | null;
  /** Dotted path of the new access token's lifetime in seconds (e.g. 'expires_in'), for beforeExpiry with opaque tokens. Default null. */
  expiresInPath?: string | null;
  /** Milliseconds. Default 10000. */
  timeout?: number;
  /**
   * Seconds; > 0 refreshes every access token this long before it expires (a JWT's `exp`, or the lifetime
   * from expiresInPath or setTokens' expiresIn). A token whose whole life is shorter is not refreshed ahead.
   * Default 0.
   */
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

/** The app's own token store: the Web Storage methods, synchronous. */
export interface TokenStore {
  getItem(key: string): string | null | undefined;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
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
  /**
   * Where tokens live. Default 'localStorage' (page memory where Web Storage is unavailable). An object is
   * the app's own store (a Pinia store, js-cookie): synchronous methods; getItem may answer undefined.
   * Tabs refresh once between them only when the store is shared between tabs.
   */
  storage?: 'localStorage' | 'sessionStorage' | 'memory' | TokenStore;
  /** Cookies on cross-origin requests (per request too). Default false. */
  withCredentials?: boolean;
  /** Storage key of the access token (its lifetime, when known, is kept as `<tokenKey>ExpiresAt`). Default 'token'. */
  tokenKey?: string;
  /** Storage key of the refresh token; null = cookie mode: it is an httpOnly cookie and JS never holds it. Default 'refreshToken'. */
  refreshTokenKey?: string | null;
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
  /**
   * Resolves when the wasm module is instantiated; rejects with a clear error when it cannot be loaded.
   * Requests wait for it themselves: awaiting it first only delays what the app does meanwhile.
   */
  readonly ready: Promise<void>;
  request<T = any>(config: RequestConfig): Promise<HttpResponse<T>>;
  get<T = any>(url: string, config?: MethodConfig): Promise<HttpResponse<T>>;
  delete<T = any>(url: string, config?: MethodConfig): Promise<HttpResponse<T>>;
  head<T = any>(url: string, config?: MethodConfig): Promise<HttpResponse<T>>;
  post<T = any>(url: string, data?: RequestData, config?: MethodConfig): Promise<HttpResponse<T>>;
  put<T = any>(url: string, data?: RequestData, config?: MethodConfig): Promise<HttpResponse<T>>;
  patch<T = any>(url: string, data?: RequestData, config?: MethodConfig): Promise<HttpResponse<T>>;
  /**
   * Stores the tokens (typically after login). Absent fields are left as they are. `expiresIn`: the access
   * token's lifetime in seconds (a login answer's expires_in), for beforeExpiry with opaque tokens.
   * Works after destroy().
   */
  setTokens(tokens: { token?: string | null; refreshToken?: string | null; expiresIn?: number | null }): void;
  /** The stored access token, or null. Works after destroy(). */
  getToken(): string | null;
  /**
   * An access token not known to be expired, for code that needs one without a request (upload widgets,
   * WebSockets, EventSource): the current one, or the one a refresh brings — joining a refresh in
   * progress, or starting one when beforeExpiry says the token is due or there is none. Rejects like a
   * request (ERR_REFRESH_FAILED) when the refresh fails.
   */
  getTokenSilently(): Promise<string>;
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
