// Turning a request config into what the engine takes (URL, headers, bytes),
// and an answer into what the caller gets ({ data, status, headers, ... }).

import { badOption } from './errors.js';
import { checkHeaders, isMethod, isMilliseconds } from './options.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const RESPONSE_TYPES = new Set(['json', 'text', 'arraybuffer']);

/** axios's parameter encoding: readable brackets, colons, commas and '+' for spaces. */
function encodeParam(value) {
  return encodeURIComponent(value)
    .replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',')
    .replace(/%20/g, '+').replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

function serializeParams(params) {
  if (params instanceof URLSearchParams) return params.toString();
  const parts = [];
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined || raw === null) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    const name = Array.isArray(raw) ? `${key}[]` : key;
    for (const value of values) {
      const text = value instanceof Date ? value.toISOString()
        : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      parts.push(`${encodeParam(name)}=${encodeParam(text)}`);
    }
  }
  return parts.join('&');
}

/** axios's rule: an absolute (or protocol-relative) URL stays; another joins baseURL with one '/'. */
export function joinURL(baseURL, url) {
  return baseURL && !/^([a-z][a-z0-9+.-]*:)?\/\//i.test(url)
    ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
    : url;
}

function buildURL(baseURL, url, params) {
  let full = joinURL(baseURL, url);
  if (params !== undefined && params !== null) {
    const query = serializeParams(params);
    if (query) {
      const hash = full.indexOf('#');
      if (hash >= 0) full = full.slice(0, hash);
      full += (full.includes('?') ? '&' : '?') + query;
    }
  }
  // Read it the way the browser will, so the engine compares real origins.
  try {
    return new URL(full, globalThis.location?.href).href;
  } catch {
    throw badOption(`config.url "${url}" is not a valid URL` +
      (globalThis.location ? '' : ' (outside a page, URLs must be absolute: set baseURL)'));
  }
}

function isPlainData(data) {
  if (Array.isArray(data)) return true;
  if (data === null || typeof data !== 'object') return false;
  const prototype = Object.getPrototypeOf(data);
  return prototype === Object.prototype || prototype === null;
}

function hasHeader(headers, name) {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

function encodeBody(data, headers, config) {
  const setType = (type) => {
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = type;
  };
  if (data === undefined || data === null) return null;
  if (typeof data === 'string') {
    setType('text/plain;charset=UTF-8');
    return encoder.encode(data);
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof URLSearchParams) {
    setType('application/x-www-form-urlencoded;charset=UTF-8');
    return encoder.encode(data.toString());
  }
  if (isPlainData(data)) {
    setType('application/json');
    return encoder.encode(JSON.stringify(data));
  }
  throw badOption(`config.data: a ${data?.constructor?.name ?? typeof data} cannot be sent`, config);
}

/**
 * @returns {{json: string, body: Uint8Array|null, responseType: string}}
 * @throws {HttpError} ERR_BAD_OPTION, naming the config field
 */
export function prepareRequest(settings, config) {
  if (config === null || typeof config !== 'object') throw badOption('config must be an object');
  const { url, method = 'GET', params, data, headers, timeout, responseType = 'json', skipAuth = false,
    withCredentials = settings.withCredentials } = config;
  if (typeof url !== 'string' || url === '') throw badOption('config.url must be a non-empty string', config);
  if (!isMethod(method)) throw badOption(`config.method "${method}" is not an HTTP method`, config);
  if (!RESPONSE_TYPES.has(responseType))
    throw badOption("config.responseType must be 'json', 'text' or 'arraybuffer'", config);
  if (timeout !== undefined && !isMilliseconds(timeout))
    throw badOption('config.timeout must be a number of milliseconds', config);
  if (typeof skipAuth !== 'boolean') throw badOption('config.skipAuth must be a boolean', config);
  if (typeof withCredentials !== 'boolean') throw badOption('config.withCredentials must be a boolean', config);
  if (params !== undefined && params !== null && typeof params !== 'object')
    throw badOption('config.params must be an object or URLSearchParams', config);
  try {
    checkHeaders(headers, 'config.headers');
  } catch (error) {
    error.config = config;
    throw error;
  }

  const merged = {};
  for (const source of [settings.headers, headers ?? {}]) {
    for (const [name, value] of Object.entries(source)) {
      for (const key of Object.keys(merged)) if (key.toLowerCase() === name.toLowerCase()) delete merged[key];
      if (value !== undefined && value !== null) merged[name] = String(value);
    }
  }
  const body = encodeBody(data, merged, config);
  const request = {
    method: method.toUpperCase(),
    url: buildURL(settings.baseURL, url, params),
    headers: merged,
    timeout: timeout ?? settings.timeout,
    skipAuth,
    withCredentials,
  };
  return { json: JSON.stringify(request), body, responseType };
}

/** "Name: value\r\n" lines → { name: value } with lower-case names (axios's shape). */
export function parseHeaders(raw) {
  const headers = {};
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

export function decodeData(bytes, responseType) {
  if (responseType === 'arraybuffer') return bytes.buffer;
  const text = decoder.decode(bytes);
  if (responseType === 'text' || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text; // axios does the same: a body that is not JSON stays text
  }
}
