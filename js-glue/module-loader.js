// Loads the wasm module once per source and routes the calls C makes into JS
// (wasm/host.c) to the client they belong to.

import createSilentRefreshModule from '../dist/silent-refresh.mjs';

const sharedModules = new Map();

const isNode = () => typeof process === 'object' && typeof process.versions?.node === 'string' &&
  typeof globalThis.window === 'undefined';

// Emscripten 3.1.6's web build cannot fetch its .wasm under Node, so Node
// reads the bytes itself. The module name is computed so that bundlers
// building for the browser never try to resolve it.
async function readInNode(url) {
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule);
  if (url.protocol === 'file:') return readFile(url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function instantiate({ wasmURL, wasmBinary }) {
  const moduleOptions = { printErr: () => {} }; // failures are reported through the promise below
  if (wasmBinary) moduleOptions.wasmBinary = wasmBinary;
  else if (isNode()) moduleOptions.wasmBinary = await readInNode(new URL(String(wasmURL ?? new URL('../dist/silent-refresh.wasm', import.meta.url))));
  else if (wasmURL) moduleOptions.locateFile = () => String(wasmURL);
  const module = await createSilentRefreshModule(moduleOptions);
  installDispatcher(module);
  return module;
}

/** The module for these settings: shared by every client loading the same URL. */
export function loadModule(settings) {
  const load = () => instantiate(settings).catch((cause) => {
    const where = settings.wasmBinary ? 'the given wasmBinary' : String(settings.wasmURL ?? 'silent-refresh.wasm');
    throw new Error(`silent-refresh: could not load the WebAssembly module from ${where}: ${cause?.message ?? cause}`,
      { cause });
  });
  if (settings.wasmBinary) return load();
  const key = String(settings.wasmURL ?? '');
  if (!sharedModules.has(key)) {
    const promise = load();
    promise.catch(() => sharedModules.delete(key));
    sharedModules.set(key, promise);
  }
  return sharedModules.get(key);
}

// In a browser, the .wasm starts loading from its default place (beside dist/silent-refresh.mjs,
// where bundlers put it) as this module is imported, streaming-compiled while the app starts: by
// the first request it is usually ready. A client given wasmURL or wasmBinary loads its own.
if (!isNode()) loadModule({});

// Calls from C must never throw back into C: a throw would unwind through the
// engine mid-step. Whatever goes wrong is reported on its own task instead.
function guarded(call) {
  return (...args) => {
    try {
      return call(...args);
    } catch (error) {
      setTimeout(() => { throw error; });
      return null;
    }
  };
}

function installDispatcher(module) {
  const clients = new Map();
  const client = (pointer) => clients.get(pointer);
  module.silentRefresh = {
    clients,
    storageGet: guarded((pointer, key) => client(pointer)?.readStorage(key) ?? null),
    storageSet: guarded((pointer, key, value) => client(pointer)?.writeStorage(key, value)),
    settle: guarded((pointer, ...rest) => client(pointer)?.settle(...rest)),
    event: guarded((pointer, ...rest) => client(pointer)?.engineEvent(...rest)),
    tokenExpiry: guarded((pointer, token) => client(pointer)?.tokenExpiry(token)),
    acquireLock: guarded((pointer, name, ticket) => client(pointer)?.acquireLock(name, ticket)),
    releaseLock: guarded((pointer, ticket) => client(pointer)?.releaseLock(ticket)),
  };
}
