// createClient's options: checked synchronously (the wasm is not loaded yet,
// so the engine cannot be asked), then turned into the engine's JSON document.
// The engine guards that document again, more narrowly (types, and nothing
// that could inject a header); the messages that say what an option must be
// are these.

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

const ASCII = 'must be printable ASCII (no CR, LF or NUL)';
// A test and what it wants, shared by the options of one kind.
const STRING = [isString, 'a string'];
const TEXT = [isNonEmpty, 'a non-empty string'];
const TEXT_OR_NULL = [orNull(isNonEmpty), 'a non-empty string or null'];
const OBJECT = [isObject, 'an object'];
const BOOLEAN = [isBoolean, 'a boolean'];
const HEADER_OR_NULL = [orNull(isHeaderName), 'a header name or null'];

// option → [test, what it must be]; every key here is an option, and only these are.
const RULES = {
  baseURL: STRING,
  timeout: [isMilliseconds, 'milliseconds (0 = none)'],
  headers: OBJECT,
  tokenHeader: [isHeaderName, 'a header name'],
  tokenPrefix: [isHeaderValue, 'printable ASCII'],
  storage: [(v) => ['localStorage', 'sessionStorage', 'memory'].includes(v) || isStore(v),
    "'localStorage', 'sessionStorage', 'memory' or an object with getItem, setItem and removeItem"],
  withCredentials: BOOLEAN,
  tokenKey: TEXT,
  refreshTokenKey: TEXT_OR_NULL,
  refresh: OBJECT,
  expiredWhen: OBJECT,
  tokenOrigins: [(v) => Array.isArray(v) && v.every((o) => canonicalOrigin(o) !== null), 'an array of http(s) origins'],
  onRefreshFailed: [orNull((v) => typeof v === 'function'), 'a function'],
  wasmURL: [(v) => isString(v) || v instanceof URL, 'a string or URL'],
  wasmBinary: [(v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v), 'an ArrayBuffer or a typed array'],
  'refresh.url': TEXT,
  'refresh.method': [isMethod, 'an HTTP method'],
  'refresh.bodyField': TEXT_OR_NULL,
  'refresh.bodyFormat': [(v) => v === 'json' || v === 'form', "'json' or 'form'"],
  'refresh.params': [(v) => isObject(v) && Object.values(v).every(isScalar), 'an object of strings, numbers or booleans'],
  'refresh.query': [orNull((v) => isString(v) && /^[\w.~-]+$/.test(v)), 'a query parameter name or null'],
  'refresh.header': HEADER_OR_NULL,
  'refresh.headers': OBJECT,
  'refresh.withCredentials': BOOLEAN,
  'refresh.tokenPath': STRING,
  'refresh.refreshTokenPath': TEXT_OR_NULL,
  'refresh.expiresInPath': TEXT_OR_NULL,
  'refresh.timeout': [(v) => isMilliseconds(v) && v > 0, 'milliseconds, more than 0'],
  'refresh.beforeExpiry': [(v) => Number.isFinite(v) && v >= 0, 'seconds, 0 or more'],
  'expiredWhen.status': [(v) => Array.isArray(v) && v.every((s) => Number.isInteger(s) && s >= 100 && s <= 599),
    'an array of HTTP statuses'],
  'expiredWhen.bodyPath': TEXT_OR_NULL,
  'expiredWhen.bodyValues': [(v) => Array.isArray(v) && v.every(isScalar), 'an array of numbers, strings or booleans'],
};

function fail(option, expectation) {
  throw badOption(`option ${option} ${expectation}`);
}

function checkLevel(object, prefix) {
  for (const [key, value] of Object.entries(object)) {
    const rule = RULES[prefix + key];
    if (!rule) fail(prefix + key, 'is not an option');
    if (value !== undefined && !rule[0](value)) fail(prefix + key, `must be ${rule[1]}`);
  }
}

/** Validates header maps (options.headers, config.headers); names the option. */
export function checkHeaders(headers, option) {
  if (headers === undefined || headers === null) return;
  if (!isObject(headers)) fail(option, 'must be an object');
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
    if (cookieMode && refresh[where] != null) fail(`refresh.${where}`, 'has no refresh token in cookie mode');
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
