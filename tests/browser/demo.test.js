// The demo page clicked through like a person would, in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { collectPageErrors } from './browser.js';
import { useDemoAndChromium } from './fixture.js';

const screenshots = new URL('../../test-results/', import.meta.url).pathname;
const fixture = useDemoAndChromium();
mkdirSync(screenshots, { recursive: true });

async function openDemo(context, query = '') {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${fixture.demo.url}${query}`);
  await page.waitForSelector('#module-status.ready');
  return { page, errors };
}

// Buttons that steer the mock backend answer before the page goes on; a burst sent before the
// server has expired the tokens would succeed, so the tests wait for the server's answer.
async function clickControl(page, selector, action) {
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === `/__control/${action}`);
  await Promise.all([answered, page.click(selector)]);
}

const number = async (page, selector) => Number((await page.textContent(selector)).replace(/,/g, ''));

test('log in, expire, burst 20: the page shows one refresh and 20 successes', async () => {
  const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openDemo(context);
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
  assert.equal(await page.locator('.lane.request[data-state="ok"]').count(), 20);
  assert.equal(await page.locator('.lane.refresh[data-state="ok"]').count(), 1);
  assert.equal(await page.locator('.lane.request .mark.retry').count(), 20);
  await page.screenshot({ path: `${screenshots}demo-burst.png`, fullPage: true });
  assert.deepEqual(errors, []);
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
    const { page, errors } = await openDemo(context, '?refreshTimeout=2000'); // a short hang
    await armExpireAndBurst(page, fault, 5);
    await page.waitForFunction(() => document.querySelector('#count-failed').textContent === '5', null,
      { timeout: 15000 });
    assert.equal(await number(page, '#count-pending'), 0);
    assert.equal(await number(page, '#stat-inFlight'), 0);
    assert.equal(await page.locator('.lane.refresh[data-state="failed"]').count(), 1);
    const outcomes = await page.locator('.lane.request .outcome').allTextContents();
    assert.deepEqual([...new Set(outcomes)], ['ERR_REFRESH_FAILED']);
    await page.waitForSelector(definitive ? '#session-status.off' : '#session-status.on');
    await page.waitForSelector('#armed-fault:empty', { state: 'attached' }); // the refresh took the fault
    await page.screenshot({ path: `${screenshots}demo-refresh-${fault}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a slow refresh holds the queue, then every request succeeds', async () => {
  const context = await fixture.browser.newContext();
  const { page, errors } = await openDemo(context);
  await armExpireAndBurst(page, 'slow', 5);
  await page.waitForFunction(() => document.querySelector('#count-ok').textContent === '5', null,
    { timeout: 15000 });
  assert.equal(await number(page, '#count-failed'), 0);
  assert.equal(await page.locator('.lane.refresh[data-state="ok"]').count(), 1);
  assert.equal(await page.locator('.lane.request .mark.retry').count(), 5);
  await page.waitForSelector('#armed-fault:empty', { state: 'attached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Open a second tab", expire, burst in both at once: the server counts one refresh', async () => {
  const context = await fixture.browser.newContext();
  const first = await openDemo(context);
  const [popup] = await Promise.all([first.page.waitForEvent('popup'), first.page.click('#second-tab')]);
  const second = { page: popup, errors: collectPageErrors(popup) };
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
  assert.deepEqual([...first.errors, ...second.errors], []);
  await context.close();
});
