// The demo page clicked through like a person would, in every engine.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useDemoAndBrowser } from './fixture.js';
import { ENGINES } from './engines.js';

const screenshots = new URL('../../test-results/', import.meta.url).pathname;
mkdirSync(screenshots, { recursive: true });

for (const engine of ENGINES) {
describe(`in ${engine}`, () => {
const fixture = useDemoAndBrowser(engine);

/** The timeline renders on the next frame: it must come to show `count` lanes matching `selector`. */
async function expectLanes(page, selector, count) {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, count], 5000)
    .catch(() => {}); // the count below says what it shows instead
  assert.equal(await page.count(selector), count, selector);
}

async function openDemo(context, query = '') {
  const page = await context.newPage();
  await page.goto(`${fixture.demo.url}${query}`);
  await page.waitForSelector('#module-status.ready');
  return { page };
}

// Buttons that steer the mock backend act before the page goes on; a burst sent before the server
// has expired the tokens would succeed, so the tests wait until the server has done it (it acts in
// the same step as it logs the request).
async function clickControl(page, selector, action) {
  const path = `/__control/${action}`;
  const before = fixture.demo.backend.requestsTo(path).length;
  await page.click(selector);
  for (let waited = 0; fixture.demo.backend.requestsTo(path).length === before; waited += 10) {
    if (waited > 5000) throw new Error(`the page never asked the server to ${action}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** For a person to look at (test-results/): Chromium's screenshots only. */
async function screenshot(page, name) {
  if (engine === 'chromium') await page.native.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });
}

const number = async (page, selector) => Number((await page.textContent(selector)).replace(/,/g, ''));

test('log in, expire, burst 20: the page shows one refresh and 20 successes', async () => {
  const context = await fixture.browser.newContext();
  const { page } = await openDemo(context);
  const refreshesBefore = fixture.demo.backend.state.refreshCalls;
  await page.click('#login');
  await page.waitForSelector('#session-status.on');
  await clickControl(page, '#expire', 'expire');
  await page.fill('#burst-size', '20');
  await page.click('#burst');
  await page.waitForFunction(() => document.querySelector('#count-ok').textContent === '20');
  await page.waitForFunction((n) => document.querySelector('#server-refreshes').textContent === String(n),
    refreshesBefore + 1);
  assert.equal(fixture.demo.backend.state.refreshCalls, refreshesBefore + 1);
  assert.equal(await number(page, '#count-failed'), 0);
  assert.equal(await number(page, '#count-pending'), 0);
  await expectLanes(page, '.lane.request[data-state="ok"]', 20);
  await expectLanes(page, '.lane.refresh[data-state="ok"]', 1);
  await expectLanes(page, '.lane.request .mark.retry', 20);
  await screenshot(page, `demo-burst`);
  assert.deepEqual(await page.errors(), []);
  await context.close();
});

// Each fault button of the demo, and what the README's tour promises for it.
const REFRESH_FAULTS = [
  { fault: '500', name: 'answers 500', definitive: false },
  { fault: 'hang', name: 'hangs', definitive: false },
  { fault: 'badjson', name: 'sends bad JSON', definitive: true },
  { fault: 'notoken', name: 'lacks the token', definitive: true },
];

async function armExpireAndBurst(page, fault, size) {
  await page.click('#login');
  await page.waitForSelector('#session-status.on');
  await clickControl(page, '#expire', 'expire');
  await page.click(`[data-fault="${fault}"]`);
  await page.waitForSelector('#armed-fault:not(:empty)');
  await page.fill('#burst-size', String(size));
  await page.click('#burst');
}

for (const { fault, name, definitive } of REFRESH_FAULTS) {
  test(`a refresh that ${name} shows up as failures, and nothing stays pending`, async () => {
    const context = await fixture.browser.newContext();
    const { page } = await openDemo(context, '?refreshTimeout=2000'); // a short hang
    await armExpireAndBurst(page, fault, 5);
    await page.waitForFunction(() => document.querySelector('#count-failed').textContent === '5', null,
      { timeout: 15000 });
    assert.equal(await number(page, '#count-pending'), 0);
    assert.equal(await number(page, '#stat-inFlight'), 0);
    await expectLanes(page, '.lane.refresh[data-state="failed"]', 1);
    const outcomes = await page.texts('.lane.request .outcome');
    assert.deepEqual([...new Set(outcomes)], ['ERR_REFRESH_FAILED']);
    await page.waitForSelector(definitive ? '#session-status.off' : '#session-status.on');
    await page.waitForSelector('#armed-fault:empty', { state: 'attached' }); // the refresh took the fault
    await screenshot(page, `demo-refresh-${fault}`);
    assert.deepEqual(await page.errors(), []);
    await context.close();
  });
}

test('a slow refresh holds the queue, then every request succeeds', async () => {
  const context = await fixture.browser.newContext();
  const { page } = await openDemo(context);
  await armExpireAndBurst(page, 'slow', 5);
  await page.waitForFunction(() => document.querySelector('#count-ok').textContent === '5', null,
    { timeout: 15000 });
  assert.equal(await number(page, '#count-failed'), 0);
  await expectLanes(page, '.lane.refresh[data-state="ok"]', 1);
  await expectLanes(page, '.lane.request .mark.retry', 5);
  await page.waitForSelector('#armed-fault:empty', { state: 'attached' });
  assert.deepEqual(await page.errors(), []);
  await context.close();
});

test('"Open a second tab", expire, burst in both at once: the server counts one refresh', async () => {
  const context = await fixture.browser.newContext();
  const first = await openDemo(context);
  const popup = await first.page.clickForPopup('#second-tab');
  const second = { page: popup };
  await popup.waitForSelector('#module-status.ready');
  await first.page.click('#login');
  await second.page.waitForSelector('#session-status.on'); // the other tab saw the login through storage
  await clickControl(first.page, '#expire', 'expire');
  const before = fixture.demo.backend.state.refreshCalls;
  await Promise.all([first.page.click('#burst'), second.page.click('#burst')]);
  for (const { page } of [first, second]) {
    await page.waitForFunction(() => document.querySelector('#count-ok').textContent === '20');
  }
  assert.equal(fixture.demo.backend.state.refreshCalls - before, 1);
  for (const { page } of [first, second]) { // and each page shows that count
    await page.waitForFunction((n) => document.querySelector('#server-refreshes').textContent === String(n),
      before + 1);
  }
  assert.deepEqual([...await first.page.errors(), ...await second.page.errors()], []);
  await context.close();
});
});
}
