// The lock around a refresh: a Web Lock where the browser has them, so tabs
// of one origin refresh once between them; otherwise a promise chain per
// name, so clients of one page still do.

const PREFIX = 'silent-refresh:';
const inPageTails = new Map();

/**
 * Asks for the lock `name`; calls onGranted once it is held. Returns a
 * function that gives it up: releases it when held, withdraws the request
 * when still waiting. Calling it twice is harmless.
 */
export function requestLock(name, onGranted) {
  const state = { done: false, release: null };
  const hold = () =>
    new Promise((release) => {
      state.release = release;
      if (state.done) release();
      else onGranted();
    });
  const locks = globalThis.navigator?.locks;
  let controller = null;
  if (locks && typeof locks.request === 'function') {
    controller = new AbortController();
    locks.request(PREFIX + name, { signal: controller.signal }, hold).catch(() => {
      // AbortError: the request was withdrawn before the lock came.
    });
  } else {
    chainInPage(name, hold);
  }
  return () => {
    if (state.done) return;
    state.done = true;
    if (state.release) state.release();
    else if (controller) controller.abort();
  };
}

function chainInPage(name, hold) {
  const previous = inPageTails.get(name) ?? Promise.resolve();
  const tail = previous.then(hold);
  inPageTails.set(name, tail);
  tail.then(() => {
    if (inPageTails.get(name) === tail) inPageTails.delete(name);
  });
}
