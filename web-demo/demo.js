// The demo page: a client against the demo server's mock backend, buttons
// that make things go wrong, and everything that happens shown live.

import { createClient } from '/js-glue/index.js';
import { Timeline } from './timeline.js';

const $ = (selector) => document.querySelector(selector);
const timeline = new Timeline($('#timeline'));
const tally = { ok: 0, failed: 0, pending: 0 };
let sequence = 0;
const tabId = Math.random().toString(36).slice(2, 6);

// ?refreshTimeout=<ms> shortens the wait on a hanging refresh (the browser tests use it).
const refreshTimeout = Number(new URLSearchParams(location.search).get('refreshTimeout')) || 10000;
const client = createClient({
  baseURL: location.origin,
  refresh: { timeout: refreshTimeout },
  onRefreshFailed: () => showSession(),
});

client.ready.then(
  () => setPill('#module-status', 'ready', 'WebAssembly ready'),
  (error) => setPill('#module-status', 'failed', error.message),
);

client.on('queued', ({ url }) => timeline.markUrl(url, 'queued'));
client.on('retry', ({ url }) => timeline.markUrl(url, 'retry'));
client.on('refresh', () => timeline.refreshStarted());
client.on('refreshed', () => {
  timeline.refreshEnded('new token', true);
  showSession();
});
client.on('refreshfailed', (error) => {
  timeline.refreshEnded(`${error.transient ? 'transient' : 'definitive'}: ${error.message}`, false);
  showSession();
});

function setPill(selector, state, text) {
  const pill = $(selector);
  pill.className = `pill ${state}`;
  pill.textContent = text;
}

// A fingerprint, not the token: the page shows which token is in use without displaying it.
function fingerprint(token) {
  if (!token) return 'none';
  let hash = 0;
  for (const char of token) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `#${hash.toString(16).padStart(8, '0').slice(0, 6)}`;
}

function showSession() {
  const token = client.getToken();
  setPill('#session-status', token ? 'on' : 'off', token ? 'logged in' : 'logged out');
  $('#token-fingerprint').textContent = fingerprint(token);
}

function showCounters(serverRefreshes) {
  $('#count-ok').textContent = tally.ok;
  $('#count-failed').textContent = tally.failed;
  $('#count-pending').textContent = tally.pending;
  if (serverRefreshes !== undefined) $('#server-refreshes').textContent = serverRefreshes;
  const stats = client.stats();
  for (const [name, value] of Object.entries(stats)) {
    const cell = $(`#stat-${name}`);
    if (cell) cell.textContent = value.toLocaleString('en');
  }
}

// Counts the faults armed from this page, so an answer to a poll sent before the latest one was armed
// cannot clear its note.
let faultsArmed = 0;

async function refreshServerCounters() {
  const armedBefore = faultsArmed;
  try {
    const response = await fetch('/__control/stats');
    const { refreshCalls, refreshFaultArmed } = (await response.json()).data;
    showCounters(refreshCalls);
    if (!refreshFaultArmed && armedBefore === faultsArmed) $('#armed-fault').textContent = ''; // a refresh took it
  } catch {
    showCounters();
  }
}

async function send(index) {
  const url = `/api/item/${tabId}-${++sequence}`;
  const lane = timeline.addRequest(`#${sequence} GET ${url.slice(5)}`, `${location.origin}${url}`);
  tally.pending += 1;
  showCounters();
  try {
    const response = await client.get(url);
    tally.ok += 1;
    timeline.settle(lane, `${response.status} ${response.statusText}`, true);
  } catch (error) {
    tally.failed += 1;
    timeline.settle(lane, error.code, false);
  } finally {
    tally.pending -= 1;
    showCounters();
  }
  return index;
}

async function control(path) {
  await fetch(`/__control/${path}`);
  await refreshServerCounters();
}

$('#login').addEventListener('click', async () => {
  const response = await client.post('/login', { user: 'demo', password: 'demo' }, { skipAuth: true });
  client.setTokens(response.data.data);
  showSession();
});
$('#logout').addEventListener('click', () => {
  client.clearTokens();
  showSession();
});
$('#burst').addEventListener('click', () => {
  const size = Math.min(200, Math.max(1, Number($('#burst-size').value) || 1));
  timeline.clear();
  return Promise.all(Array.from({ length: size }, (_, i) => send(i))).then(refreshServerCounters);
});
$('#single').addEventListener('click', () => send(0).then(refreshServerCounters));
$('#clear-timeline').addEventListener('click', () => timeline.clear());
$('#expire').addEventListener('click', () => control('expire'));
$('#expiry-mode').addEventListener('change', (event) => control(`mode?expiry=${event.target.value}`));
for (const button of document.querySelectorAll('[data-fault]')) {
  button.addEventListener('click', async () => {
    await control(`fail-refresh?kind=${button.dataset.fault}`);
    faultsArmed += 1;
    $('#armed-fault').textContent = `Armed: the next refresh ${button.textContent}.`;
  });
}
$('#second-tab').addEventListener('click', () => window.open(location.href, '_blank'));

// Tokens stored or cleared by another tab show up here too.
window.addEventListener('storage', showSession);
setInterval(refreshServerCounters, 1000);
showSession();
refreshServerCounters();

// For the end-to-end tests: what the page knows, without scraping.
window.demo = { client, tally, timeline };
