// One owner object per client: the engine pointer, the resolvers of pending
// requests keyed by the integer handle C keeps in its queue, the event
// listeners, and an alive flag checked by every entry point.

import { HttpError, codeOfResult, badOption, canceled, destroyed } from './errors.js';
import { loadModule } from './module-loader.js';
import { normalizeOptions } from './options.js';
import { prepareRequest, parseHeaders, decodeData } from './request.js';
import { openStorage } from './storage.js';
import { requestLock } from './locks.js';
import { HANDOFF_LIFETIME_MS, handoffAvailable, readHandoff, writeHandoff, deleteHandoff } from './handoff.js';

const EVENTS = ['refresh', 'refreshed', 'refreshfailed', 'queued', 'retry'];
// The C side's numbers and layouts, by name; tests/js/boundary.test.js checks them against
// src/silent_refresh.h (sr_event_type) and wasm/client.c (the sr_wasm_stats layout).
export const ENGINE_EVENT = { 1: 'refresh', 2: 'refreshed', 3: 'refreshfailed', 4: 'queued', 5: 'retry', 6: 'sessionended' };
export const STATS_FIELDS = ['requests', 'refreshes', 'queued', 'retried', 'failed', 'inFlight', 'queueLength', 'heapBytes'];

export class ClientCore {
  constructor(options) {
    const { engineJSON, settings } = normalizeOptions(options);
    this.settings = settings;
    this.storage = openStorage(settings.storage);
    this.alive = true;
    this.module = null;
    this.pointer = 0;
    this.statsBuffer = 0;
    this.nextHandle = 1;
    this.pending = new Map();
    this.listeners = new Map(EVENTS.map((name) => [name, new Set()]));
    this.lockReleases = new Map();
    this.crossTab = settings.storage === 'localStorage' && handoffAvailable();
    this.overlay = null; // tokens handed off by another tab, until localStorage shows them
    this.heldLock = null; // { ticket, from, wrote } while this client holds the refresh lock
    this.ready = loadModule(settings).then((module) => this.attach(module, engineJSON));
    this.ready.catch(() => {}); // callers see the error through ready and their requests
  }

  attach(module, engineJSON) {
    if (!this.alive) throw destroyed();
    const options = module.allocateUTF8(engineJSON);
    const errorOut = module._malloc(4);
    module.HEAPU32[errorOut >> 2] = 0;
    const pointer = module._sr_wasm_create(options, errorOut);
    const messagePointer = module.HEAPU32[errorOut >> 2];
    const message = messagePointer ? module.UTF8ToString(messagePointer) : 'out of memory';
    module._free(messagePointer);
    module._free(errorOut);
    module._free(options);
    if (!pointer) throw badOption(`silent-refresh: ${message}`);
    this.module = module;
    this.pointer = pointer;
    this.statsBuffer = module._malloc(8 * STATS_FIELDS.length);
    module.silentRefresh.clients.set(pointer, this);
  }

  // --- requests ------------------------------------------------------------

  async request(config) {
    if (!this.alive) throw destroyed(config);
    const prepared = prepareRequest(this.settings, config);
    const { signal } = config;
    if (signal?.aborted) throw canceled('the request was canceled', config);
    try {
      await this.ready;
    } catch (error) {
      // The engine refused the options (ERR_BAD_OPTION), the client was destroyed while loading
      // (ERR_CANCELED), or the .wasm could not be loaded (ERR_NETWORK: trying later may work).
      const code = error instanceof HttpError ? error.code : 'ERR_NETWORK';
      throw new HttpError(code, error.message, { config, transient: code === 'ERR_NETWORK' });
    }
    if (!this.alive) throw destroyed(config);
    if (signal?.aborted) throw canceled('the request was canceled', config);
    return new Promise((resolve, reject) => this.submit(prepared, config, signal, resolve, reject));
  }

  /** getTokenSilently: a token-only request through the engine's single refresh path. */
  async tokenSilently() {
    if (!this.alive) throw destroyed();
    await this.ready;
    if (!this.alive) throw destroyed();
    const prepared = { json: '{"url":"/","tokenOnly":true}', body: null, responseType: 'token' };
    return new Promise((resolve, reject) => this.submit(prepared, {}, undefined, resolve, reject));
  }

  submit(prepared, config, signal, resolve, reject) {
    const { module } = this;
    const handle = this.nextHandle++;
    const onAbort = () => module._sr_wasm_cancel(this.pointer, handle);
    this.pending.set(handle, { resolve, reject, config, responseType: prepared.responseType, signal, onAbort });
    signal?.addEventListener('abort', onAbort, { once: true });
    const json = module.allocateUTF8(prepared.json);
    const bodyLength = prepared.body?.byteLength ?? 0;
    const body = bodyLength > 0 ? module._malloc(bodyLength) : 0;
    if (body) module.HEAPU8.set(prepared.body, body);
    const result = module._sr_wasm_submit(this.pointer, handle, json, body, bodyLength);
    module._free(json);
    module._free(body);
    if (result !== 0) {
      this.forget(handle);
      reject(new HttpError(codeOfResult(result), module.UTF8ToString(module._sr_wasm_strerror(result)), { config }));
    }
  }

  forget(handle) {
    const entry = this.pending.get(handle);
    if (!entry) return null;
    this.pending.delete(handle);
    entry.signal?.removeEventListener('abort', entry.onAbort);
    return entry;
  }

  /** From C: a request ended. Arguments as in sr_host_settle (wasm/host.c), by the same names. */
  settle(handle, result, transient, message, status, statusText, headers, body) {
    const entry = this.forget(handle);
    if (!entry) return;
    const response = status
      ? { data: decodeData(body, entry.responseType), status, statusText, headers: parseHeaders(headers),
          config: entry.config }
      : undefined;
    if (result === 0) entry.resolve(entry.responseType === 'token' ? this.readStorage(this.settings.tokenKey) : response);
    else entry.reject(new HttpError(codeOfResult(result), message, { config: entry.config, response, transient }));
  }

  // --- tokens, events, locks -------------------------------------------------

  /** Logout: storage, and any token a refresh left for other tabs in IndexedDB. */
  clearTokens() {
    const { tokenKey, refreshTokenKey } = this.settings;
    for (const key of [tokenKey, refreshTokenKey]) if (key !== null) this.writeStorage(key, null);
    if (this.crossTab) deleteHandoff(this.settings.tokenKey).catch(() => {});
  }

  writeStorage(key, value) {
    if (value === null) this.storage.removeItem(key);
    else this.storage.setItem(key, value);
    // A new access token's lifetime is unknown until somebody says it (setTokens, a refresh answer).
    if (key === this.settings.tokenKey) this.storage.removeItem(this.settings.expiresAtKey);
    this.overlay = null;
    if (this.heldLock) this.heldLock.wrote = true;
  }

  /** What the engine and getToken() see: storage, or a handoff it has not caught up with yet. */
  readStorage(key) {
    const stored = this.storage.getItem(key);
    const overlay = this.overlay;
    if (!overlay) return stored;
    if (this.storage.getItem(this.settings.tokenKey) !== overlay.from) {
      this.overlay = null; // localStorage caught up, or somebody wrote: it is the truth again
      return stored;
    }
    return key in overlay.values ? overlay.values[key] : stored;
  }

  on(event, listener) {
    if (!this.alive) throw destroyed();
    if (!this.listeners.has(event)) throw badOption(`unknown event "${event}" (one of ${EVENTS.join(', ')})`);
    if (typeof listener !== 'function') throw badOption('an event listener must be a function');
    this.listeners.get(event).add(listener);
    return () => this.listeners.get(event).delete(listener);
  }

  /**
   * From C; arguments as in sr_host_event (wasm/host.c), by the same names. Listeners run on a
   * microtask: user code never runs inside an engine step.
   */
  engineEvent(type, url, queueLength, token, transient, status, message, expiresIn) {
    const name = ENGINE_EVENT[type];
    let payload;
    if (name === 'refreshed') {
      payload = { token };
      // Now, not on the microtask: the engine asks tokenExpiry() before this step ends.
      if (expiresIn > 0) this.writeStorage(this.settings.expiresAtKey, String(Math.floor(Date.now() / 1000 + expiresIn)));
    }
    else if (name === 'queued') payload = { url, queueLength };
    else if (name === 'refresh' || name === 'retry') payload = { url };
    else {
      payload = new HttpError('ERR_REFRESH_FAILED', message, {
        config: { url }, response: status ? { status } : undefined, transient,
      });
    }
    queueMicrotask(() => {
      if (name === 'sessionended') {
        this.settings.onRefreshFailed?.(payload);
        return;
      }
      for (const listener of this.listeners.get(name)) {
        try {
          listener(payload);
        } catch (error) {
          setTimeout(() => { throw error; });
        }
      }
    });
  }

  acquireLock(name, ticket) {
    const wanted = () => this.alive && this.lockReleases.has(ticket);
    this.lockReleases.set(ticket, requestLock(name, async () => {
      if (this.crossTab) await this.takeHandoff(name).catch(() => {});
      if (!wanted()) return;
      this.heldLock = { ticket, name, from: this.readStorage(this.settings.tokenKey), wrote: false };
      this.module._sr_wasm_lock_acquired(this.pointer, ticket);
    }));
  }

  async takeHandoff(name) {
    const record = await readHandoff(name);
    const { tokenKey, refreshTokenKey } = this.settings;
    const fresh = record && Date.now() - record.at < HANDOFF_LIFETIME_MS;
    if (!fresh || record.from !== this.storage.getItem(tokenKey) || record.token === record.from) return;
    // A session that ended took both tokens with it; a refresh hands over the access token only
    // (this tab will not refresh again before its localStorage has caught up).
    const values = record.token === null ? { [tokenKey]: null, [refreshTokenKey]: null } : { [tokenKey]: record.token };
    this.overlay = { from: record.from, values };
  }

  releaseLock(ticket) {
    const release = this.lockReleases.get(ticket);
    this.lockReleases.delete(ticket);
    const held = this.heldLock?.ticket === ticket ? this.heldLock : null;
    if (held) this.heldLock = null;
    if (!release) return;
    if (!held?.wrote || !this.crossTab) {
      release();
      return;
    }
    // Hand the new token to the next holder before letting it in.
    const { tokenKey } = this.settings;
    writeHandoff(held.name, { from: held.from, token: this.readStorage(tokenKey), at: Date.now() })
      .catch(() => {}).finally(release);
  }

  /** From C: when `token` expires, in seconds since the epoch: its JWT `exp`, else the lifetime stored with it. */
  tokenExpiry(token) {
    try {
      const exp = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp;
      if (exp > 0) return exp;
    } catch {
      // Not a JWT: an opaque token.
    }
    return Number(this.readStorage(this.settings.expiresAtKey)) || 0;
  }

  // --- stats and end of life ---------------------------------------------------

  stats() {
    if (!this.alive) throw destroyed();
    const stats = Object.fromEntries(STATS_FIELDS.map((field) => [field, 0]));
    stats.memoryBytes = 0;
    if (!this.pointer) return stats; // still loading: nothing has happened yet
    this.module._sr_wasm_stats(this.pointer, this.statsBuffer);
    const values = new Float64Array(this.module.HEAPU8.buffer, this.statsBuffer, STATS_FIELDS.length);
    STATS_FIELDS.forEach((field, i) => { stats[field] = values[i]; });
    stats.memoryBytes = this.module.HEAPU8.buffer.byteLength; // WebAssembly memory never shrinks
    return stats;
  }

  destroy() {
    if (!this.alive) return;
    this.alive = false;
    if (this.pointer) {
      // Settles every pending request with ERR_CANCELED through settle().
      this.module._sr_wasm_destroy(this.pointer);
      this.module.silentRefresh.clients.delete(this.pointer);
      this.module._free(this.statsBuffer);
      this.pointer = 0;
    }
    for (const release of this.lockReleases.values()) release();
    this.lockReleases.clear();
    for (const handle of [...this.pending.keys()]) {
      const entry = this.forget(handle);
      entry.reject(destroyed(entry.config));
    }
  }
}
