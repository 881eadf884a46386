// createClient's options: checked synchronously (the wasm is not loaded yet,
// so the engine cannot be asked), then turned into the engine's JSON document.
// The engine checks the document again; both name the option in the message.

import { badOption } from './errors.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const is = {
  string: (v) => typeof v === 'string',
  nonEmptyString: (v) => typeof v === 'string' && v.length > 0,
  milliseconds: (v) => Number.isFinite(v) && v >= 0 && v <= 2147483647,
  headerName: (v) => typeof v === 'string' && HEADER_NAME.test(v),
  headerValue: (v) => typeof v === 'string' && HEADER_VALUE.test(v),
  method: (v) => typeof v === 'string' && HEADER_NAME.test(v) && !FORBIDDEN_METHODS.has(v.toUpperCase()),
  plainObject: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
};

function check(condition, option, expectation) {
  if (!condition) throw badOption(`option ${option} ${expectation}`);
}

function optional(value, test, option, expectation) {
  if (value !== undefined) check(test(value), option, expectation);
}

function nullable(value, test, option, expectation) {
  if (value !== undefined && value !== null) check(test(value), option, expectation);
}

const TOP_LEVEL = new Set([
  'baseURL', 'timeout', 'headers', 'tokenHeader', 'tokenPrefix', 'storage', 'tokenKey',
  'refreshTokenKey', 'refresh', 'expiredWhen', 'tokenOrigins', 'onRefreshFailed', 'wasmURL', 'wasmBinary',
]);
const REFRESH = new Set([
  'url', 'method', 'bodyField', 'header', 'tokenPath', 'refreshTokenPath', 'timeout', 'beforeExpiry',
]);
const EXPIRED_WHEN = new Set(['status', 'bodyPath', 'bodyValues']);

function onlyKnownKeys(object, known, prefix) {
  for (const key of Object.keys(object)) check(known.has(key), prefix + key, 'is not an option');
}

/** Validates header maps (options.headers, config.headers); names the option. */
export function checkHeaders(headers, option) {
  if (headers === undefined || headers === null) return;
  check(is.plainObject(headers), option, 'must be an object of header names to values');
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    check(is.headerName(name), `${option}["${name}"]`, 'is not a valid header name');
    check(is.headerValue(String(value)), `${option}["${name}"]`, 'must be printable ASCII (no CR, LF or NUL)');
  }
}

function pageOrigin() {
  const origin = globalThis.location?.origin;
  return typeof origin === 'string' && /^https?:/.test(origin) ? origin : '';
}

function canonicalOrigin(text) {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * @returns {{engineJSON: string, settings: object}} the document for the
 * engine, and what the JS side keeps (storage, headers, callbacks, loading).
 */
export function normalizeOptions(options = {}) {
  check(is.plainObject(options), 'options', 'must be an object');
  onlyKnownKeys(options, TOP_LEVEL, '');
  const { refresh = {}, expiredWhen = {} } = options;
  check(is.plainObject(refresh), 'refresh', 'must be an object');
  check(is.plainObject(expiredWhen), 'expiredWhen', 'must be an object');
  onlyKnownKeys(refresh, REFRESH, 'refresh.');
  onlyKnownKeys(expiredWhen, EXPIRED_WHEN, 'expiredWhen.');

  optional(options.baseURL, is.string, 'baseURL', 'must be a string');
  optional(options.timeout, is.milliseconds, 'timeout', 'must be a number of milliseconds (0 = none)');
  checkHeaders(options.headers, 'headers');
  optional(options.tokenHeader, is.headerName, 'tokenHeader', 'must be a valid header name');
  optional(options.tokenPrefix, is.headerValue, 'tokenPrefix', 'must be printable ASCII (no CR, LF or NUL)');
  optional(options.storage, (v) => ['localStorage', 'sessionStorage', 'memory'].includes(v), 'storage',
    "must be 'localStorage', 'sessionStorage' or 'memory'");
  optional(options.tokenKey, is.nonEmptyString, 'tokenKey', 'must be a non-empty string');
  optional(options.refreshTokenKey, is.nonEmptyString, 'refreshTokenKey', 'must be a non-empty string');
  check((options.tokenKey ?? 'token') !== (options.refreshTokenKey ?? 'refreshToken'), 'refreshTokenKey',
    'must differ from tokenKey');
  nullable(options.onRefreshFailed, (v) => typeof v === 'function', 'onRefreshFailed', 'must be a function');
  optional(options.wasmURL, (v) => typeof v === 'string' || v instanceof URL, 'wasmURL', 'must be a string or URL');
  optional(options.wasmBinary, (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v), 'wasmBinary',
    'must be an ArrayBuffer or a typed array');

  optional(refresh.url, is.nonEmptyString, 'refresh.url', 'must be a non-empty string');
  optional(refresh.method, is.method, 'refresh.method', 'must be an HTTP method');
  nullable(refresh.bodyField, is.nonEmptyString, 'refresh.bodyField', 'must be a non-empty string or null');
  nullable(refresh.header, is.headerName, 'refresh.header', 'must be a valid header name or null');
  optional(refresh.tokenPath, is.nonEmptyString, 'refresh.tokenPath', 'must be a non-empty string');
  nullable(refresh.refreshTokenPath, is.nonEmptyString, 'refresh.refreshTokenPath',
    'must be a non-empty string or null');
  optional(refresh.timeout, (v) => is.milliseconds(v) && v > 0, 'refresh.timeout',
    'must be a number of milliseconds greater than 0');
  optional(refresh.beforeExpiry, (v) => Number.isFinite(v) && v >= 0, 'refresh.beforeExpiry',
    'must be a number of seconds, 0 or more');

  optional(expiredWhen.status, (v) => Array.isArray(v) && v.every((s) => Number.isInteger(s) && s >= 100 && s <= 599),
    'expiredWhen.status', 'must be an array of HTTP status codes');
  nullable(expiredWhen.bodyPath, is.nonEmptyString, 'expiredWhen.bodyPath', 'must be a non-empty string or null');
  optional(expiredWhen.bodyValues,
    (v) => Array.isArray(v) && v.every((x) => ['number', 'string', 'boolean'].includes(typeof x) &&
      (typeof x !== 'number' || Number.isFinite(x))),
    'expiredWhen.bodyValues', 'must be an array of numbers, strings or booleans');

  let tokenOrigins;
  if (options.tokenOrigins !== undefined) {
    check(Array.isArray(options.tokenOrigins), 'tokenOrigins', 'must be an array of origins');
    tokenOrigins = options.tokenOrigins.map((origin) => {
      const canonical = typeof origin === 'string' ? canonicalOrigin(origin) : null;
      check(canonical !== null, 'tokenOrigins', `must hold http(s) origins such as "https://api.example.com"`);
      return canonical;
    });
  }

  const baseURL = absoluteBase(options.baseURL ?? '');
  const engineOptions = {
    baseURL,
    pageOrigin: pageOrigin(),
    timeout: options.timeout,
    tokenHeader: options.tokenHeader,
    tokenPrefix: options.tokenPrefix,
    tokenKey: options.tokenKey,
    refreshTokenKey: options.refreshTokenKey,
    refresh: { ...refresh },
    expiredWhen: { ...expiredWhen },
    tokenOrigins,
  };
  return {
    engineJSON: JSON.stringify(engineOptions),
    settings: {
      baseURL,
      timeout: options.timeout ?? 0,
      headers: { ...(options.headers ?? {}) },
      storage: options.storage ?? 'localStorage',
      tokenKey: options.tokenKey ?? 'token',
      refreshTokenKey: options.refreshTokenKey ?? 'refreshToken',
      refreshTimeout: refresh.timeout ?? 10000,
      onRefreshFailed: options.onRefreshFailed ?? null,
      wasmURL: options.wasmURL,
      wasmBinary: options.wasmBinary,
    },
  };
}

/** A relative baseURL ('/api') is read against the page, as the browser would. */
function absoluteBase(baseURL) {
  if (baseURL === '' || /^[a-z][a-z0-9+.-]*:/i.test(baseURL)) return baseURL;
  const page = globalThis.location?.href;
  if (!page) return baseURL;
  try {
    return new URL(baseURL, page).href;
  } catch {
    return baseURL;
  }
}
