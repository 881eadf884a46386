// `npm run soak`: 50,000 requests in Chromium against the mock backend, with
// the access token expiring every 2 s and 1% of requests answered 503. Passes
// when nothing hangs, no error is unexpected, the wasm heap stays flat, and
// every expiry costs exactly one refresh. Bounded: gives up after 4 minutes.
import { launchChromium } from '../tests/browser/browser.js';
import { startDemoServer } from '../web-demo/server.js';
import { fileURLToPath } from 'node:url';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 50000);
const CONCURRENCY = 50;
const FAULTY_EVERY = 100;
const EXPIRE_EVERY_MS = 2000;
const LIMIT_MS = 4 * 60 * 1000;

const bench = fileURLToPath(new URL('.', import.meta.url));
const demo = await startDemoServer({ mounts: { '/soak/': bench }, tokenLifetimeMs: 0 });
const browser = await launchChromium();
let expiries = 0;
let refreshesAtExpiry = [];
try {
  for (let i = 0; i < TOTAL; i += FAULTY_EVERY) {
    demo.backend.inject(`/api/soak/${i}`, { status: 503 });
  }
  const page = await browser.newPage();
  await page.goto(`${demo.url}soak/soak.html`);
  await page.waitForFunction(() => window.soakReady === true);
  const expirer = setInterval(() => {
    refreshesAtExpiry.push(demo.backend.state.refreshCalls);
    demo.backend.expireAccessTokens();
    expiries += 1;
  }, EXPIRE_EVERY_MS);
  let limit;
  const timeout = new Promise((_, reject) => {
    limit = setTimeout(() => reject(new Error('soak exceeded its time limit')), LIMIT_MS);
  });
  const figures = await Promise.race([
    page.evaluate((options) => window.soak(options),
      { total: TOTAL, concurrency: CONCURRENCY, faultyEvery: FAULTY_EVERY, hangMs: 15000 }),
    timeout,
  ]);
  clearInterval(expirer);
  clearTimeout(limit);
  refreshesAtExpiry.push(demo.backend.state.refreshCalls);
  // Each expiry while traffic flowed must have cost exactly one refresh.
  const perExpiry = refreshesAtExpiry.slice(1).map((count, i) => count - refreshesAtExpiry[i]);
  const heap = figures.heapSamples;
  const heapGrowth = figures.idleHeapAfter - figures.idleHeapBefore;
  console.log(`requests: ${TOTAL} in ${figures.seconds.toFixed(1)} s (${(TOTAL / figures.seconds).toFixed(0)}/s), ` +
    `${CONCURRENCY} at a time`);
  console.log(`succeeded: ${figures.ok}, expected 503 errors: ${figures.expectedErrors}, unexpected: ${figures.unexpected.length}, hung: ${figures.hung}`);
  console.log(`expiries: ${expiries}, refresh calls: ${demo.backend.state.refreshCalls}, refreshes per expiry: ${[...new Set(perExpiry)].join(', ')}`);
  console.log(`wasm heap idle before → after: ${figures.idleHeapBefore} → ${figures.idleHeapAfter} B ` +
    `(under load, every 5,000 requests: ${heap.join(', ')}); in flight at the end: ${figures.stats.inFlight}`);
  for (const line of figures.unexpected) console.log(`  unexpected ${line}`);
  const passed = figures.unexpected.length === 0 && figures.hung === 0 && figures.stats.inFlight === 0 &&
    Math.abs(heapGrowth) <= 256 && perExpiry.every((n) => n === 1) &&
    figures.ok + figures.expectedErrors === TOTAL;
  console.log(passed ? 'soak: passed' : 'soak: FAILED');
  process.exitCode = passed ? 0 : 1;
} finally {
  await browser.close();
  await demo.close();
}
