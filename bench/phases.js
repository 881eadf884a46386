// `npm run bench:phases -- --browser chromium|firefox|webkit`: where a request's own time goes,
// phase by phase, in an engine that offers no profiler through WebDriver (WebKitGTK) as in the
// others. silent-refresh's request path is timed at its seams beside the bench's raw XHR, both
// answered by a stand-in 2 ms after send() (bench/phases.html). Prints a Markdown table.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launch } from '../tests/browser/engines.js';
import { startDemoServer } from '../web-demo/server.js';

const ENGINE = parseArgs({ options: { browser: { type: 'string', default: 'chromium' } } }).values.browser;
const REQUESTS = 100;
const ROUNDS = 5;

const demo = await startDemoServer({ mounts: { '/bench/': fileURLToPath(new URL('.', import.meta.url)) } });
const browser = await launch(ENGINE);
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.url}bench/phases.html`);
  await page.waitForFunction(() => window.phasesReady === true);
  await page.evaluate(([count, rounds]) => window.phases(count, rounds), [REQUESTS, 1]); // warm-up
  const result = await page.evaluate(([count, rounds]) => window.phases(count, rounds), [REQUESTS, ROUNDS]);
  await context.close();
  console.log(`| ${browser.engine} ${browser.version}: phase | µs per request |\n|---|---:|`);
  for (const [peer, phases] of result) {
    const total = phases.reduce((sum, [, us]) => sum + us, 0);
    console.log(`| **${peer}** | **${total}** |`);
    for (const [phase, us] of phases) console.log(`| ${phase} | ${us} |`);
  }
  console.log(`\n${REQUESTS * ROUNDS} requests each, answered 2 ms after send() on a task of their own.`);
} finally {
  await browser.close();
  await demo.close();
}
