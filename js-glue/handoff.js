// Tabs see each other's localStorage writes late: Chromium delivers them to
// other renderers asynchronously, so a tab can be granted the refresh lock
// before the holder's new token reaches its localStorage — and would then
// refresh again with a refresh token the server has already burned.
//
// IndexedDB is consistent across tabs, so the lock holder leaves a handoff
// there before it releases the lock: { from, token, at } — the token it
// replaced, what replaced it (null when the session ended) and when. The next
// holder reads it first and, if its localStorage still shows `from`, sees the
// handed-off token instead until its localStorage catches up. A handoff is
// only good for a few seconds (propagation takes milliseconds); the refresh
// token is never written there, and logout deletes the record, so IndexedDB
// never holds a token that localStorage no longer does.

export const HANDOFF_LIFETIME_MS = 5000;
const DATABASE = 'silent-refresh';
const STORE = 'handoff';
let database = null;

export const handoffAvailable = () =>
  typeof globalThis.indexedDB?.open === 'function' && typeof globalThis.navigator?.locks?.request === 'function';

function openDatabase() {
  database ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

async function transact(mode, work) {
  const db = await openDatabase();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

/** Resolves once the record is durable for every tab (the transaction completed). */
export function writeHandoff(name, record) {
  return transact('readwrite', (store) => store.put(record, name));
}

export function readHandoff(name) {
  return transact('readonly', (store) => store.get(name));
}

export function deleteHandoff(name) {
  return transact('readwrite', (store) => store.delete(name));
}
