// One demo server and one browser (an engine of engines.js) per suite, started before its tests and
// stopped after them.
import { before, after } from 'node:test';
import { launch } from './engines.js';
import { startDemoServer } from '../../web-demo/server.js';

/**
 * Returns an object whose `demo` and `browser` (the engine's driver) are set once the suite's tests
 * run. Call it inside a describe() per engine. A suite's own `before` hooks may start alongside this
 * one (Node 20 does not wait between them): they await `fixture.ready` first.
 */
export function useDemoAndBrowser(engine, serverOptions = {}) {
  let started;
  const fixture = { engine, demo: null, browser: null, ready: new Promise((resolve, reject) => { started = { resolve, reject }; }) };
  fixture.ready.catch(() => {}); // the hook below reports the failure
  before(async () => {
    try {
      fixture.demo = await startDemoServer(serverOptions);
      fixture.browser = await launch(engine);
      started.resolve();
    } catch (error) {
      started.reject(error);
      throw error;
    }
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.demo?.close();
  });
  return fixture;
}

/**
 * Waits until every tab's client sees a token (`present`) or none: browsers show one tab's
 * localStorage writes to the others asynchronously (within milliseconds). The tabs' pages expose
 * window.api.token() (tests/browser/pages/).
 */
export const untilEveryTabSees = (pages, present = true) => Promise.all(pages.map((page) =>
  page.waitForFunction((expected) => (window.api.token() !== null) === expected, present, { timeout: 5000 })));
