// `npm run bench`: silent-refresh against its peers, side by side in one run,
// in one browser (`npm run bench -- --browser firefox|webkit`; Chromium by
// default), against the mock backend on 127.0.0.1. Peers and scenarios are
// interleaved and repeated; medians are reported, with ratios to raw fetch
// and raw XMLHttpRequest (the floors). Prints a Markdown table and writes JSON. JS heap figures need
// Chromium's performance.memory: the other engines report none.
// `--startup` measures start-up only (import → first response), `--requests` sequential requests
// only, each for a quick loop. `--latency MS` has the backend take MS before each API answer
// (the round trip of a real backend; 127.0.0.1 answers in 1-5 ms).

import { build } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/browser/engines.js';
import { startDemoServer } from '../web-demo/server.js';
import { BROWSER_BUNDLE, measureSizes } from './size.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const PEERS = {
  'silent-refresh': 'silent-refresh',
  'axios + isRefreshing interceptor': 'axios-classic',
  'axios + axios-auth-refresh': 'axios-auth-refresh',
  'raw fetch (no refresh)': 'fetch',
  'raw XHR (no refresh)': 'xhr',
};
// The floors: no refresh, so no storms for them.
const FLOORS = new Set(['raw fetch (no refresh)', 'raw XHR (no refresh)']);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const { values: args } = parseArgs({ options: {
  browser: { type: 'string', default: 'chromium' },
  startup: { type: 'boolean', default: false },
  requests: { type: 'boolean', default: false },
  latency: { type: 'string', default: '0' },
} });
const ENGINE = args.browser;
const STARTUP_ONLY = args.startup;
const REQUESTS_ONLY = args.requests;
const API_LATENCY_MS = Number(args.latency);
// Per round and peer: start-ups, each in a fresh browser context (more with --startup), and
// sequential requests in batches.
const STARTUPS = STARTUP_ONLY ? 10 : 5;
const BATCHES = 10;
const BATCH = 50;
const CPU_BATCH = 200; // requests answered by stand-ins, no network (bench/page.html, cpu())
const STORM = 200;
const LATE_STORM = 20;
const TAB_STORM = 20;
const REFRESH_LATENCY_MS = 50;
const MEMORY_SMALL = 100;
const MEMORY_LARGE = 10000;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function bundlePeers(folder) {
  for (const file of Object.values(PEERS)) {
    const entryPoints = [join(root, 'bench/peers', `${file}.js`)];
    await build({ ...BROWSER_BUNDLE, entryPoints, outfile: join(folder, `${file}.js`) });
  }
  // The bundled silent-refresh finds its .wasm beside itself, as in any bundler's output.
  copyFileSync(join(root, 'dist/silent-refresh.wasm'), join(folder, 'silent-refresh.wasm'));
  for (const file of ['page.html', 'stand-in-xhr.js']) copyFileSync(join(root, 'bench', file), join(folder, file));
}

/** A bench page in `context` with the peer loaded; resolves with the page and its start-up time. */
async function openPage(context, demo, file) {
  const page = await context.newPage();
  await page.goto(`${demo.url}bench/page.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const startup = await page.evaluate((name) => window.bench.load(name), file);
  return { page, startup };
}

async function openPeer(browser, demo, file) {
  const context = await browser.newContext();
  return { context, ...await openPage(context, demo, file) };
}

// Sequential requests: every peer in one page, their batches alternating.
async function perRequest(browser, demo, order, results) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.url}bench/page.html`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.evaluate((files) => window.bench.loadAll(files), order.map((name) => PEERS[name]));
  for (let batch = 0; batch < BATCHES; batch++) {
    for (const name of order) {
      const { elapsed, times } = await page.evaluate(([file, n]) => window.bench.overhead(file, n), [PEERS[name], BATCH]);
      results[name].perRequest.push(...times);
      results[name].batchMeans.push(elapsed / BATCH);
      results[name].cpu.push(await page.evaluate(([file, n]) => window.bench.cpu(file, n), [PEERS[name], CPU_BATCH]));
    }
  }
  await context.close();
}

// Two tabs of one browser share localStorage and fire at the same expired token at once.
async function twoTabs(browser, demo, file) {
  const context = await browser.newContext();
  const pages = [];
  for (let i = 0; i < 2; i++) pages.push((await openPage(context, demo, file)).page);
  // Both tabs logged in with the same keys: wait until the first sees the second login's tokens
  // (Chromium shows one tab's localStorage writes to another asynchronously).
  const secondTabStorage = await pages[1].evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await pages[0].waitForFunction((expected) => JSON.stringify(Object.entries(localStorage).sort()) === expected,
    secondTabStorage);
  const before = demo.backend.state.refreshCalls;
  demo.backend.expireAccessTokens();
  const results = await Promise.all(pages.map((page) =>
    page.evaluate((n) => window.bench.storm(n, { fresh: false, expire: false }), TAB_STORM)));
  await context.close();
  return { refreshes: demo.backend.state.refreshCalls - before, failures: results[0].failures + results[1].failures };
}

async function main() {
  const folder = mkdtempSync(join(tmpdir(), 'silent-refresh-bench-'));
  await bundlePeers(folder);
  const demo = await startDemoServer({ mounts: { '/bench/': folder }, tokenLifetimeMs: 0 });
  await fetch(`${demo.url}__control/mode?expiry=401`); // axios-auth-refresh reacts to statuses only
  await fetch(`${demo.url}__control/refresh-latency?ms=${REFRESH_LATENCY_MS}`);
  await fetch(`${demo.url}__control/api-latency?ms=${API_LATENCY_MS}`);
  // Chromium gets gc() and precise performance.memory for the heap figures.
  const browser = await launch(ENGINE, { chromiumArgs: ['--js-flags=--expose-gc', '--enable-precise-memory-info'] });
  const results = Object.fromEntries(Object.keys(PEERS).map((name) => [name, {
    perRequest: [], batchMeans: [], cpu: [], storms: [], lateStorms: [], twoTabs: [], startups: [], memory: null,
  }]));
  const names = Object.keys(PEERS);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so no peer always runs first (warm-up) or last.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (let sample = 0; sample < (REQUESTS_ONLY ? 0 : STARTUPS); sample++) {
        for (const name of order) {
          const { context, startup } = await openPeer(browser, demo, PEERS[name]);
          results[name].startups.push(startup);
          await context.close();
        }
      }
      process.stderr.write(`round ${round + 1}/${ROUNDS}: start-ups done\n`);
      if (STARTUP_ONLY) continue;
      await perRequest(browser, demo, order, results);
      if (REQUESTS_ONLY) continue;
      for (const name of order) {
        const { context, page } = await openPeer(browser, demo, PEERS[name]);
        if (!FLOORS.has(name)) {
          results[name].storms.push(await page.evaluate((n) => window.bench.storm(n), STORM));
          results[name].lateStorms.push(await page.evaluate((n) => window.bench.storm(n, { late: true }), LATE_STORM));
        }
        await context.close();
        if (!FLOORS.has(name)) results[name].twoTabs.push(await twoTabs(browser, demo, PEERS[name]));
        process.stderr.write(`round ${round + 1}/${ROUNDS}: ${name} done\n`);
      }
    }
    for (const name of ENGINE === 'chromium' && !STARTUP_ONLY && !REQUESTS_ONLY ? names : []) {
      const { context, page } = await openPeer(browser, demo, PEERS[name]);
      const small = await page.evaluate((n) => window.bench.memory(n), MEMORY_SMALL);
      const large = await page.evaluate((n) => window.bench.memory(n), MEMORY_LARGE - MEMORY_SMALL);
      results[name].memory = { small, large };
      await context.close();
      process.stderr.write(`memory: ${name} done\n`);
    }
  } finally {
    await browser.close();
    await demo.close();
    rmSync(folder, { recursive: true, force: true });
  }
  report(results, await measureSizes(), browser);
}

function report(results, sizes, browser) {
  if (STARTUP_ONLY) {
    reportStartups(results, browser);
    return;
  }
  const floor = median(results['raw fetch (no refresh)'].batchMeans);
  const xhrFloor = median(results['raw XHR (no refresh)'].batchMeans);
  const summary = {};
  for (const [name, r] of Object.entries(results)) {
    summary[name] = {
      medianMs: median(r.batchMeans),
      p95Ms: percentile(r.perRequest, 0.95),
      ratioToFetch: median(r.batchMeans) / floor,
      ratioToXHR: median(r.batchMeans) / xhrFloor,
      addedMs: median(r.batchMeans) - floor,
      ownWorkMicroseconds: median(r.cpu) * 1000,
      stormMs: r.storms.length ? median(r.storms.map((s) => s.elapsed)) : null,
      stormRefreshCalls: r.storms.map((s) => s.refreshes),
      stormFailures: r.storms.map((s) => s.failures),
      lateRefreshCalls: r.lateStorms.map((s) => s.refreshes),
      lateFailures: r.lateStorms.map((s) => s.failures),
      twoTabRefreshCalls: r.twoTabs.map((s) => s.refreshes),
      twoTabFailures: r.twoTabs.map((s) => s.failures),
      startupMs: median(r.startups),
      startupQuartilesMs: [percentile(r.startups, 0.25), percentile(r.startups, 0.75)],
      startupRatioToAxiosAuthRefresh: startupRatio(results, name),
      startupSamplesMs: r.startups, // in the order taken: STARTUPS per round
      jsHeapAfter100: r.memory?.small.jsHeap ?? null,
      jsHeapAfter10000: r.memory?.large.jsHeap ?? null,
      wasmHeapAfter100: r.memory?.small.wasmHeap ?? null,
      wasmHeapAfter10000: r.memory?.large.wasmHeap ?? null,
    };
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const lines = [
    `| peer | per request, median of batches (p95 of requests) | × raw fetch (added) | × raw XHR | own work per request, no network | storm of ${STORM}: time · refresh calls · failures | start-up (× axios + axios-auth-refresh) | JS heap 100 → 10k requests | wasm heap 100 → 10k |`,
    '|---|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  for (const [name, s] of Object.entries(summary)) {
    const storm = s.stormMs === null ? 'n/a (no refresh)'
      : `${s.stormMs.toFixed(0)} ms · ${s.stormRefreshCalls.join('/')} · ${s.stormFailures.join('/')}`;
    const wasm = name === 'silent-refresh' && s.wasmHeapAfter100 !== null ? `${s.wasmHeapAfter100} → ${s.wasmHeapAfter10000} B` : '—';
    const jsHeap = s.jsHeapAfter100 !== null ? `${kb(s.jsHeapAfter100)} → ${kb(s.jsHeapAfter10000)}` : '—';
    lines.push(`| ${name} | ${s.medianMs.toFixed(3)} ms (${s.p95Ms.toFixed(3)}) | ${s.ratioToFetch.toFixed(2)}× (${s.addedMs >= 0 ? '+' : '−'}${Math.abs(s.addedMs).toFixed(2)} ms) | ${s.ratioToXHR.toFixed(2)}× | ${s.ownWorkMicroseconds.toFixed(0)} µs | ${storm} | ` +
      `${REQUESTS_ONLY ? '—' : `${s.startupMs.toFixed(1)} ms (${s.startupRatioToAxiosAuthRefresh.toFixed(2)}×)`} | ${jsHeap} | ${wasm} |`);
  }
  const refreshLines = [
    `| peer | storm of ${STORM}: refresh calls · failures | ${LATE_STORM} + 1 late answer: refresh calls · failures | ` +
      `two tabs × ${TAB_STORM}: refresh calls · failures |`,
    '|---|---|---|---|',
  ];
  for (const [name, s] of Object.entries(summary)) {
    if (s.stormMs === null) continue;
    refreshLines.push(`| ${name} | ${s.stormRefreshCalls.join('/')} · ${s.stormFailures.join('/')} | ` +
      `${s.lateRefreshCalls.join('/')} · ${s.lateFailures.join('/')} | ${s.twoTabRefreshCalls.join('/')} · ${s.twoTabFailures.join('/')} |`);
  }
  const machine = machineLine(browser);
  console.log(lines.join('\n'));
  if (!REQUESTS_ONLY) {
    console.log(`\nrefresh correctness, per round (${ROUNDS} rounds; single-use refresh tokens):\n`);
    console.log(refreshLines.join('\n'));
  }
  console.log(`\nsizes (gzip -9): silent-refresh ${sizes.ours.total.gzip} B, axios ${sizes.axios.gzip} B, ` +
    `axios + axios-auth-refresh ${sizes.axiosAuthRefresh.gzip} B`);
  console.log(`machine: ${machine}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, `bench/results/latest${ENGINE === 'chromium' ? '' : `-${ENGINE}`}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, summary, sizes }, null, 2));
  console.log(`wrote ${file}`);
}

function machineLine(browser) {
  return `${browser.engine} ${browser.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
    `Node ${process.versions.node}, ${ROUNDS} rounds${API_LATENCY_MS ? `, backend latency ${API_LATENCY_MS} ms` : ''}`;
}

// Start-ups are taken in turns (each peer once, then again): the median of the ratios of a peer's
// start-up to axios + axios-auth-refresh's of the same turn, so a slow moment of the machine
// counts against both.
function startupRatio(results, name) {
  const theirs = results['axios + axios-auth-refresh'].startups;
  return median(results[name].startups.map((ours, i) => ours / theirs[i]));
}

function reportStartups(results, browser) {
  console.log('| peer | start-up (import → first response): median | quartiles | × axios + axios-auth-refresh, same turn (median) | samples |\n|---|---:|---|---:|---:|');
  for (const [name, { startups }] of Object.entries(results)) {
    console.log(`| ${name} | ${median(startups).toFixed(1)} ms | ${percentile(startups, 0.25).toFixed(1)}–` +
      `${percentile(startups, 0.75).toFixed(1)} ms | ${startupRatio(results, name).toFixed(2)}× | ${startups.length} |`);
  }
  console.log(`machine: ${machineLine(browser)}`);
}

await main();
