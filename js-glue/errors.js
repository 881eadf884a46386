// HttpError and the one place where engine result codes become error codes.

/** @type {Record<number, string>} engine result (src/silent_refresh.h) → HttpError.code */
const CODE_OF_RESULT = {
  [-1]: 'ERR_BAD_RESPONSE',
  [-2]: 'ERR_NETWORK',
  [-3]: 'ECONNABORTED',
  [-4]: 'ERR_CANCELED',
  [-5]: 'ERR_REFRESH_FAILED',
  [-6]: 'ERR_TOKEN_EXPIRED',
  [-7]: 'ERR_BAD_OPTION',
  [-8]: 'ERR_NO_MEMORY',
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

export function codeOfResult(result) {
  return CODE_OF_RESULT[result] ?? 'ERR_NETWORK';
}

export function badOption(message, config) {
  return new HttpError('ERR_BAD_OPTION', message, { config });
}

export function canceled(message, config) {
  return new HttpError('ERR_CANCELED', message, { config });
}
