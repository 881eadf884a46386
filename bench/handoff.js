// What the IndexedDB handoff between tabs is worth, per engine: three tabs fire at one expired token,
// with single-use refresh tokens; how often is there a second refresh (which, with rotating refresh
// tokens, logs the user out) with the handoff and without it? `npm run bench:handoff` (TRIALS, BROWSERS).
import { launch, ENGINES } from '../tests/browser/engines.js';
import { startDemoServer } from '../web-demo/server.js';
import { untilEveryTabSees } from '../tests/browser/fixture.js';

const TRIALS = Number(process.env.TRIALS ?? 20);
const TABS = 3;

async function trial(browser, demo, handoff) {
  const context = await browser.newContext();
  try {
    const pages = [];
    for (let i = 0; i < TABS; i++) {
      const page = await context.newPage();
      await page.goto(`${demo.url}tests/browser/pages/tabs.html?handoff=${handoff ? 1 : 0}`);
      await page.waitForFunction(() => window.tabReady === true, null, 15000);
      pages.push(page);
    }
    await pages[0].evaluate(() => window.api.login());
    await untilEveryTabSees(pages);
    await fetch(`${demo.url}__control/expire`);
    const before = demo.backend.state.refreshCalls;
    const results = await Promise.all(pages.map((page) => page.evaluate(() => window.api.burst(5))));
    return { refreshes: demo.backend.state.refreshCalls - before, failed: results.reduce((n, r) => n + r.errors.length, 0) };
  } finally {
    await context.close();
  }
}

const rows = [];
for (const engine of ENGINES) {
  const demo = await startDemoServer({ tokenLifetimeMs: 0 });
  const browser = await launch(engine);
  try {
    for (const handoff of [true, false]) {
      let second = 0;
      let failed = 0;
      for (let i = 0; i < TRIALS; i++) {
        const result = await trial(browser, demo, handoff);
        if (result.refreshes > 1) second += 1;
        failed += result.failed;
      }
      rows.push({ engine: `${engine} ${browser.version}`, handoff, second, failed });
      console.error(`${engine} handoff=${handoff}: ${second}/${TRIALS} trials refreshed twice, ${failed} requests failed`);
    }
  } finally {
    await browser.close();
    await demo.close();
  }
}
console.log(`| engine | with the handoff: trials with a second refresh | without it | requests failed (with · without) |`);
console.log('|---|---:|---:|---:|');
for (const engine of [...new Set(rows.map((r) => r.engine))]) {
  const [withIt, without] = [true, false].map((handoff) => rows.find((r) => r.engine === engine && r.handoff === handoff));
  console.log(`| ${engine} | ${withIt.second} of ${TRIALS} | ${without.second} of ${TRIALS} | ${withIt.failed} · ${without.failed} |`);
}
