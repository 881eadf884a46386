// Where tokens live: localStorage, sessionStorage, memory, or the app's own
// store. The memory store is one per page, so clients sharing a tokenKey
// share tokens (and a refresh).

const pageMemory = new Map();

const memoryStore = {
  getItem: (key) => (pageMemory.has(key) ? pageMemory.get(key) : null),
  setItem: (key, value) => pageMemory.set(key, String(value)),
  removeItem: (key) => pageMemory.delete(key),
};

/** Web Storage when the page has it and it works, else the page's memory; or the app's own store. */
export function openStorage(kind) {
  if (kind === 'memory') return memoryStore;
  if (typeof kind === 'object') {
    // The app's store (js-cookie, a Pinia store...): called as its own methods; a missing key may
    // come back undefined (js-cookie's get does), which means the same as null.
    return {
      getItem: (key) => kind.getItem(key) ?? null,
      setItem: (key, value) => kind.setItem(key, value),
      removeItem: (key) => kind.removeItem(key),
    };
  }
  try {
    // Reading is the probe: a write would fire a `storage` event in every other tab each time a
    // client is created.
    const store = globalThis[kind];
    store.getItem('token');
    return store;
  } catch {
    // No window (Node, workers), or storage disabled (reading it throws).
    return memoryStore;
  }
}
