// silent-refresh/axios: keep axios, delete the refresh interceptor.
//
//   const http = axios.create({ baseURL: '/api', adapter: createAxiosAdapter(createClient(options)) });
//
// axios still does everything it does (interceptors, transforms, serializers, validateStatus,
// cancellation); the adapter sends each request through the client, so an expired answer is
// refreshed and replayed before axios (and the app's response interceptors) see anything. Only
// axios's public surface is used, so it works with 1.x and with the 0.2x versions many Vue 2 apps
// pin (0.21–0.26 have neither AxiosError nor AxiosHeaders; 0.27 has AxiosError).

import axios from 'axios';
import { joinURL } from './request.js';

const AxiosError = axios.AxiosError;
const CancelError = axios.CanceledError ?? axios.Cancel;

/** An axios error: axios's own class where the installed axios has one, else its 0.2x shape. */
function axiosError(message, code, config, request, response) {
  // 0.27 puts a read-only isAxiosError on its prototype; 0.21–0.26 make plain Errors carry it.
  return AxiosError ? new AxiosError(message, code, config, request, response)
    : Object.assign(new Error(message), { code, config, request, response, isAxiosError: true });
}

/**
 * What a default adapter would send: the full URL, with axios's joining (0.2x's getUri leaves baseURL
 * out, so the join is done first) and axios's own params serializer.
 */
function fullURL(config) {
  return axios.getUri({ ...config, baseURL: undefined, url: joinURL(config.baseURL, config.url ?? '') });
}

/** axios's headers (AxiosHeaders in 1.x, a flat object in 0.2x) as name → string; false/null drop a header. */
function plainHeaders(config) {
  const source = typeof config.headers?.toJSON === 'function' ? config.headers.toJSON(true) : config.headers ?? {};
  const headers = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value !== null && value !== false && typeof value !== 'object') headers[name] = String(value);
  }
  return headers;
}

const isFormData = (data) => typeof FormData !== 'undefined' && data instanceof FormData;
const isBlob = (data) => typeof Blob !== 'undefined' && data instanceof Blob;

/**
 * The body as the client takes it. FormData and Blob become their bytes, with the Content-Type
 * XMLHttpRequest would send: FormData's own (a multipart boundary of its own; a Content-Type the app
 * forced on it is dropped, as axios does), a Blob's type unless a Content-Type was set.
 */
async function bodyOf(data, headers) {
  if (typeof data === 'string') {
    // XMLHttpRequest sends a string as UTF-8, and a charset that says otherwise becomes UTF-8; so here.
    for (const name of Object.keys(headers)) headers[name] = name.toLowerCase() === 'content-type'
      ? headers[name].replace(/charset=(?!utf-8\b)[^;]*/i, 'charset=UTF-8') : headers[name];
  }
  if (!isFormData(data) && !isBlob(data)) return data ?? undefined;
  let encoded = new Response(data);
  if (isFormData(data) && [...data.values()].some(isBlob)) {
    // WebKitGTK cannot read a FormData that holds a file through Response ("Unable to read form data
    // blob"); the multipart encoding is then ours, the HTML standard's, which is what XHR sends.
    encoded = await encoded.arrayBuffer().then(() => new Response(data), () => multipart(data));
  }
  const type = encoded.headers.get('content-type');
  const named = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
  if (named && isFormData(data)) delete headers[named];
  if (type && (!named || isFormData(data))) headers['Content-Type'] = type;
  return new Uint8Array(await encoded.arrayBuffer());
}

/** FormData as multipart/form-data (HTML standard, "multipart/form-data encoding algorithm"). */
async function multipart(form) {
  const boundary = `----silentRefreshFormBoundary${Math.random().toString(36).slice(2)}`;
  const escape = (text) => text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
  const parts = [];
  for (const [name, value] of form) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"`;
    if (isBlob(value)) head += `; filename="${escape(value.name ?? 'blob')}"\r\nContent-Type: ${value.type || 'application/octet-stream'}`;
    parts.push(`${head}\r\n\r\n`, isBlob(value) ? value : value.replace(/\r?\n|\r/g, '\r\n'), '\r\n');
  }
  parts.push(`--${boundary}--\r\n`);
  return new Response(new Blob(parts), { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

/** One AbortSignal for axios's signal and CancelToken both. */
function cancellation(config) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (config.signal?.aborted) abort();
  config.signal?.addEventListener?.('abort', abort, { once: true });
  config.cancelToken?.promise.then(abort);
  return controller.signal;
}

/** The `request` of an axios response: what apps read of it (`res.request.responseType`). */
const requestOf = (config, url, status = 0) => ({ responseType: config.responseType ?? '', responseURL: url, status });

function responseOf(answer, config, request) {
  let { data } = answer;
  if (config.responseType === 'blob') data = new Blob([data], { type: answer.headers['content-type'] ?? '' });
  return {
    data,
    status: answer.status,
    statusText: answer.statusText,
    headers: axios.AxiosHeaders ? axios.AxiosHeaders.from(answer.headers) : answer.headers,
    config,
    request: { ...request, status: answer.status },
  };
}

/** axios's settle: validateStatus decides, and a refused status is ERR_BAD_REQUEST (4xx) or ERR_BAD_RESPONSE. */
function settle(response) {
  const { validateStatus } = response.config;
  if (!response.status || !validateStatus || validateStatus(response.status)) return response;
  const code = response.status >= 400 && response.status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE';
  throw axiosError(`Request failed with status code ${response.status}`, code, response.config, response.request, response);
}

/** A client failure as axios reports the same thing, keeping the client's code where axios has none. */
function failure(error, config, request) {
  if (error.code === 'ERR_CANCELED') {
    const canceled = new CancelError(error.message, config, request);
    canceled.code ??= 'ERR_CANCELED';
    return canceled;
  }
  const message = {
    ERR_NETWORK: 'Network Error',
    ECONNABORTED: config.timeoutErrorMessage ?? (config.timeout ? `timeout of ${config.timeout}ms exceeded` : 'timeout exceeded'),
  }[error.code] ?? error.message;
  const response = error.response && responseOf(error.response, config, request);
  const converted = axiosError(message, error.code, config, request, response);
  converted.transient = error.transient;
  converted.cause = error;
  return converted;
}

/** An axios adapter that sends every request through `client` (a createClient() client). */
export function createAxiosAdapter(client) {
  return async function silentRefreshAdapter(config) {
    const url = fullURL(config);
    const request = requestOf(config, url);
    const headers = plainHeaders(config);
    let answer;
    try {
      answer = await client.request({
        url,
        method: (config.method ?? 'get').toUpperCase(),
        headers,
        data: await bodyOf(config.data, headers),
        timeout: config.timeout || undefined,
        signal: cancellation(config),
        withCredentials: Boolean(config.withCredentials),
        // Text for axios's own transformResponse to parse, as the default adapter hands it over.
        responseType: config.responseType === 'arraybuffer' || config.responseType === 'blob' ? 'arraybuffer' : 'text',
        skipAuth: config.skipAuth === true,
      });
    } catch (error) {
      // A status the client calls an error may be one validateStatus accepts: axios decides.
      if (error.code !== 'ERR_BAD_RESPONSE' || !error.response) throw failure(error, config, request);
      answer = error.response;
    }
    return settle(responseOf(answer, config, request));
  };
}
