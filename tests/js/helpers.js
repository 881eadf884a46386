// Shared set-up for the Node suites: XMLHttpRequest from xhr2 (Node has
// none), a mock backend on 127.0.0.1, and clients pointed at it.

import XMLHttpRequest from 'xhr2';
import { createMockBackend } from '../../web-demo/mock-backend.js';
import { createClient } from '../../js-glue/index.js';

globalThis.XMLHttpRequest ??= XMLHttpRequest;

let keySequence = 0;

/** A backend plus a logged-in client with its own storage keys. */
export async function startScenario({ clientOptions = {}, backendOptions = {} } = {}) {
  const backend = createMockBackend(backendOptions);
  const origin = await backend.listen();
  keySequence += 1;
  const tokenKey = `token-${keySequence}`;
  const refreshTokenKey = `refreshToken-${keySequence}`;
  const client = createClient({ baseURL: origin, storage: 'memory', tokenKey, refreshTokenKey, ...clientOptions });
  await client.ready;
  client.setTokens(backend.login());
  return {
    backend,
    origin,
    client,
    tokenKey,
    refreshTokenKey,
    async stop() {
      client.destroy();
      await backend.close();
    },
  };
}

/** Runs `run(backend, origin)` against a fresh mock backend on 127.0.0.1, and closes it whatever happens. */
export async function withBackend(backendOptions, run) {
  const backend = createMockBackend(backendOptions);
  const origin = await backend.listen();
  try {
    await run(backend, origin);
  } finally {
    await backend.close();
  }
}

/** Runs `test(scenario)` against a fresh scenario, and stops it whatever happens. */
export async function withScenario(options, test) {
  const scenario = await startScenario(options);
  try {
    await test(scenario);
  } finally {
    await scenario.stop();
  }
}

/** Settles every promise and returns [status, valueOrError] pairs. */
export async function settleAll(promises) {
  const results = await Promise.allSettled(promises);
  return results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
}

/**
 * Resolves once `condition()` is true, checking every 5 ms; rejects after `timeoutMs` naming
 * `what`, so a test that waits for something that never comes fails instead of hanging.
 */
export async function waitFor(condition, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Event listeners run on a microtask after the engine step that emitted them; one macrotask
 * turn later every one of them has run. For asserting that a listener was *not* called.
 */
export const afterEventListeners = () => new Promise((resolve) => setImmediate(resolve));
