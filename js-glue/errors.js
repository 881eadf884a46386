// HttpError and the one place where engine result codes become error codes.

/**
 * Engine result (sr_result in src/silent_refresh.h) → HttpError.code, for every result;
 * tests/js/boundary.test.js checks it against the header.
 * @type {Record<number, string>}
 */
export const CODE_OF_RESULT = {
  [-1]: 'ERR_BAD_RESPONSE',
  [-2]: 'ERR_NETWORK',
  [-3]: 'ECONNABORTED',
  [-4]: 'ERR_CANCELED',
  [-5]: 'ERR_REFRESH_FAILED',
  [-6]: 'ERR_TOKEN_EXPIRED',
  [-7]: 'ERR_BAD_OPTION',
  [-8]: 'ERR_NO_MEMORY',
  // "No live request with that id": only ever a bug in silent-refresh, never the server or the caller.
  [-9]: 'ERR_INTERNAL',
};

export class HttpError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{config?: object, response?: object, transient?: boolean}} [details]
   */
  constructor(code, message, { config, response, transient = false } = {}) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.config = config;
    this.response = response;
    this.transient = transient;
  }
}

/** A result the table does not know is a bug too, and is never passed off as a network error. */
export function codeOfResult(result) {
  return CODE_OF_RESULT[result] ?? 'ERR_INTERNAL';
}

export function badOption(message, config) {
  return new HttpError('ERR_BAD_OPTION', message, { config });
}

export function canceled(message, config) {
  return new HttpError('ERR_CANCELED', message, { config });
}

/** The one error of a destroyed client: its requests reject with it, and on() and stats() throw it. */
export function destroyed(config) {
  return canceled('silent-refresh: the client was destroyed', config);
}
