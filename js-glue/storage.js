// Where tokens live: localStorage, sessionStorage or memory. The memory store
// is one per page, so clients sharing a tokenKey share tokens (and a refresh).

const pageMemory = new Map();

const memoryStore = {
  getItem: (key) => (pageMemory.has(key) ? pageMemory.get(key) : null),
  setItem: (key, value) => pageMemory.set(key, String(value)),
  removeItem: (key) => pageMemory.delete(key),
};

/** Web Storage when the page has it and it works, else the page's memory. */
export function openStorage(kind) {
  if (kind === 'memory') return memoryStore;
  try {
    const store = globalThis[kind];
    const probe = '__silent_refresh_probe__';
    store.setItem(probe, probe);
    store.removeItem(probe);
    return store;
  } catch {
    // No window (Node, workers), storage disabled, or a private-mode quota of 0.
    return memoryStore;
  }
}
