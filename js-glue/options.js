// createClient's options: checked synchronously (the wasm is not loaded yet,
// so the engine cannot be asked), then turned into the engine's JSON document.
// The engine checks the document again; both name the option in the message.

import { badOption } from './errors.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

// The engine's limits (SR_MAX_TIMEOUT_MS, SR_MAX_METHOD_LENGTH in src/silent_refresh.h),
// checked here too because createClient answers before the module loads.
export const MAX_TIMEOUT_MS = 2147483647;
export const MAX_METHOD_LENGTH = 31;

export const isHeaderName = (v) => typeof v === 'string' && HEADER_NAME.test(v);
export const isMethod = (v) => isHeaderName(v) && v.length <= MAX_METHOD_LENGTH && !/^(CONNECT|TRACE|TRACK)$/i.test(v);
const isString = (v) => typeof v === 'string';
const isNonEmpty = (v) => typeof v === 'string' && v !== '';
export const isMilliseconds = (v) => Number.isFinite(v) && v >= 0 && v <= MAX_TIMEOUT_MS;
const isHeaderValue = (v) => typeof v === 'string' && HEADER_VALUE.test(v);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const orNull = (test) => (v) => v === null || test(v);
const isBoolean = (v) => typeof v === 'boolean';
const isScalar = (v) => isString(v) || isBoolean(v) || Number.isFinite(v);
const isStore = (v) => isObject(v) && ['getItem', 'setItem', 'removeItem'].every((m) => typeof v[m] === 'function');

const NON_EMPTY = [isNonEmpty, 'must be a non-empty string'];
const ASCII = 'must be printable ASCII (no CR, LF or NUL)';

// option → [test, what it must be]; every key here is an option, and only these are.
const RULES = {
  baseURL: [isString, 'must be a string'],
  timeout: [isMilliseconds, 'must be a number of milliseconds (0 = none)'],
  headers: [isObject, 'must be an object of header names to values'],
  tokenHeader: [isHeaderName, 'must be a valid header name'],
  tokenPrefix: [isHeaderValue, ASCII],
  storage: [(v) => ['localStorage', 'sessionStorage', 'memory'].includes(v) || isStore(v),
    "must be 'localStorage', 'sessionStorage', 'memory' or an object with getItem, setItem and removeItem"],
  withCredentials: [isBoolean, 'must be a boolean'],
  tokenKey: NON_EMPTY,
  refreshTokenKey: [orNull(isNonEmpty), 'must be a non-empty string, or null (the refresh token is an httpOnly cookie)'],
  refresh: [isObject, 'must be an object'],
  expiredWhen: [isObject, 'must be an object'],
  tokenOrigins: [(v) => Array.isArray(v) && v.every((o) => canonicalOrigin(o) !== null),
    'must be an array of http(s) origins such as "https://api.example.com"'],
  onRefreshFailed: [orNull((v) => typeof v === 'function'), 'must be a function'],
  wasmURL: [(v) => isString(v) || v instanceof URL, 'must be a string or URL'],
  wasmBinary: [(v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v), 'must be an ArrayBuffer or a typed array'],
  'refresh.url': NON_EMPTY,
  'refresh.method': [isMethod, 'must be an HTTP method'],
  'refresh.bodyField': [orNull(isNonEmpty), 'must be a non-empty string or null'],
  'refresh.bodyFormat': [(v) => v === 'json' || v === 'form', "must be 'json' or 'form'"],
  'refresh.params': [(v) => isObject(v) && Object.values(v).every(isScalar),
    'must be an object of strings, numbers or booleans'],
  'refresh.query': [orNull((v) => isString(v) && /^[\w.~-]+$/.test(v)), 'must be a query parameter name or null'],
  'refresh.header': [orNull(isHeaderName), 'must be a valid header name or null'],
  'refresh.headers': [isObject, 'must be an object of header names to values'],
  'refresh.withCredentials': [isBoolean, 'must be a boolean'],
  'refresh.tokenPath': [isString, "must be a dotted path, or '' for a body that is the token itself"],
  'refresh.refreshTokenPath': [orNull(isNonEmpty), 'must be a non-empty string or null'],
  'refresh.expiresInPath': [orNull(isNonEmpty), 'must be a non-empty string or null'],
  'refresh.timeout': [(v) => isMilliseconds(v) && v > 0, 'must be a number of milliseconds greater than 0'],
  'refresh.beforeExpiry': [(v) => Number.isFinite(v) && v >= 0, 'must be a number of seconds, 0 or more'],
  'expiredWhen.status': [(v) => Array.isArray(v) && v.every((s) => Number.isInteger(s) && s >= 100 && s <= 599),
    'must be an array of HTTP status codes'],
  'expiredWhen.bodyPath': [orNull(isNonEmpty), 'must be a non-empty string or null'],
  'expiredWhen.bodyValues': [(v) => Array.isArray(v) && v.every((x) => isString(x) || typeof x === 'boolean' ||
    Number.isFinite(x)), 'must be an array of numbers, strings or booleans'],
};

function fail(option, expectation) {
  throw badOption(`option ${option} ${expectation}`);
}

function checkLevel(object, prefix) {
  for (const [key, value] of Object.entries(object)) {
    const rule = RULES[prefix + key];
    if (!rule) fail(prefix + key, 'is not an option');
    if (value !== undefined && !rule[0](value)) fail(prefix + key, rule[1]);
  }
}

/** Validates header maps (options.headers, config.headers); names the option. */
export function checkHeaders(headers, option) {
  if (headers === undefined || headers === null) return;
  if (!isObject(headers)) fail(option, 'must be an object of header names to values');
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    if (!isHeaderName(name)) fail(`${option}["${name}"]`, 'is not a valid header name');
    if (!isHeaderValue(String(value))) fail(`${option}["${name}"]`, ASCII);
  }
}

function canonicalOrigin(text) {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}

/** A relative baseURL ('/api') is read against the page, as the browser would. */
function absoluteBase(baseURL) {
  const page = globalThis.location?.href;
  if (baseURL === '' || /^[a-z][a-z0-9+.-]*:/i.test(baseURL) || !page) return baseURL;
  try {
    return new URL(baseURL, page).href;
  } catch {
    return fail('baseURL', 'is not a valid URL');
  }
}

// Where the refresh token goes in the body the JS side builds: the body is handed to the engine
// split at this character, and the engine puts the (escaped) token between the parts.
const TOKEN_SLOT = '\u0001';

/** refresh.body for the engine: null (no body), [body] (no token in it) or [before, after]. */
function refreshBody(refresh, cookieMode) {
  const field = cookieMode ? null : refresh.bodyField === undefined ? 'refreshToken' : refresh.bodyField;
  const fields = { ...refresh.params, ...(field !== null && { [field]: TOKEN_SLOT }) };
  if (!Object.keys(fields).length) return null;
  const form = refresh.bodyFormat === 'form';
  const body = form ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
  const parts = body.split(form ? '%01' : '\\u0001');
  if (parts.length !== (field === null ? 1 : 2)) fail('refresh.params', 'must not contain the character U+0001');
  return parts;
}

/**
 * @returns {{engineJSON: string, settings: object}} the document for the
 * engine, and what the JS side keeps (storage, headers, callbacks, loading).
 */
export function normalizeOptions(options = {}) {
  if (!isObject(options)) fail('options', 'must be an object');
  checkLevel(options, '');
  const { refresh = {}, expiredWhen = {} } = options;
  checkLevel(refresh, 'refresh.');
  checkLevel(expiredWhen, 'expiredWhen.');
  checkHeaders(options.headers, 'headers');
  checkHeaders(refresh.headers, 'refresh.headers');
  const tokenKey = options.tokenKey ?? 'token';
  const refreshTokenKey = options.refreshTokenKey === undefined ? 'refreshToken' : options.refreshTokenKey;
  const cookieMode = refreshTokenKey === null;
  if (tokenKey === refreshTokenKey) fail('refreshTokenKey', 'must differ from tokenKey');
  for (const where of ['query', 'header']) {
    if (cookieMode && refresh[where] != null) fail(`refresh.${where}`, 'has no refresh token to carry in cookie mode (refreshTokenKey: null)');
  }

  const baseURL = absoluteBase(options.baseURL ?? '');
  const expiresAtKey = `${tokenKey}ExpiresAt`;
  const { bodyField, bodyFormat, params, ...engineRefresh } = refresh;
  const engineOptions = {
    baseURL,
    timeout: options.timeout,
    tokenHeader: options.tokenHeader,
    tokenPrefix: options.tokenPrefix,
    tokenKey,
    refreshTokenKey,
    expiresAtKey,
    refresh: { ...engineRefresh, body: refreshBody(refresh, cookieMode), bodyFormat },
    expiredWhen,
    tokenOrigins: options.tokenOrigins?.map(canonicalOrigin),
  };
  return {
    engineJSON: JSON.stringify(engineOptions),
    settings: {
      baseURL,
      timeout: options.timeout ?? 0,
      headers: { ...options.headers },
      withCredentials: options.withCredentials ?? false,
      storage: options.storage ?? 'localStorage',
      tokenKey,
      refreshTokenKey,
      expiresAtKey,
      onRefreshFailed: options.onRefreshFailed ?? null,
      wasmURL: options.wasmURL,
      wasmBinary: options.wasmBinary,
    },
  };
}
