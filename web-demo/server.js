// The demo server: one origin on 127.0.0.1 serving the demo page, the
// library (js-glue/ and dist/) and the mock backend behind it.
// `npm run demo` runs this file; the browser tests import startDemoServer.

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockBackend } from './mock-backend.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC_FOLDERS = ['web-demo/', 'js-glue/', 'dist/', 'tests/browser/pages/'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Maps a URL path to a file: the public folders of the repo, plus `mounts` ({ '/prefix/': folder }). */
function fileFor(path, mounts) {
  for (const [prefix, folder] of Object.entries(mounts)) {
    if (path.startsWith(prefix)) {
      const relative = normalize(path.slice(prefix.length) || 'index.html');
      return relative.startsWith('..') ? null : join(folder, relative);
    }
  }
  const relative = normalize(path === '/' ? 'web-demo/index.html' : path.slice(1));
  const allowed = PUBLIC_FOLDERS.some((folder) => relative.startsWith(folder)) && !relative.includes('..');
  return allowed ? join(root, relative) : null;
}

async function serveFile(path, res, mounts) {
  const file = fileFor(path, mounts);
  try {
    if (!file) throw new Error('not public');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
}

/**
 * Starts the demo on 127.0.0.1; resolves with { url, backend, close }. `routes` ({ '/prefix/':
 * handler }) puts other request handlers on the same origin (the tests' resource APIs).
 */
export async function startDemoServer({ port = 0, tokenLifetimeMs = 30000, jwtTokens = false, mounts = {}, routes = {} } = {}) {
  const backend = createMockBackend({ tokenLifetimeMs, jwtTokens });
  const state = { dropping: false };
  const server = http.createServer((req, res) => {
    if (state.dropping) {
      req.socket.destroy(); // as if the network were gone
      return;
    }
    const { pathname } = new URL(req.url, 'http://demo');
    const route = Object.keys(routes).find((prefix) => pathname.startsWith(prefix));
    if (route) routes[route](req, res);
    else if (backend.owns(pathname)) backend.handler(req, res);
    else serveFile(pathname, res, mounts);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    backend,
    /** While true every connection is dropped unanswered: the network gone, seen from the page. */
    setDropping(dropping) {
      state.dropping = dropping;
    },
    async close() {
      await backend.close(); // ends the backend's hanging responses
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wanted = Number(process.env.PORT ?? 4173);
  const demo = await startDemoServer({ port: wanted }).catch(() => startDemoServer({ port: 0 }));
  console.log(`silent-refresh demo: ${demo.url}`);
  console.log('(Ctrl+C to stop)');
}
