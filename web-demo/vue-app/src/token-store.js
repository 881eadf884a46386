import { defineStore } from 'pinia';

// The app keeps its tokens in its own Pinia store; silent-refresh reads and writes them there
// through the synchronous Web Storage methods instead of localStorage.
export const useTokenStore = defineStore('tokens', {
  state: () => ({ values: {} }),
});

export function piniaStorage(store) {
  return {
    getItem: (key) => store.values[key] ?? null,
    setItem: (key, value) => { store.values[key] = value; },
    removeItem: (key) => { delete store.values[key]; },
  };
}
