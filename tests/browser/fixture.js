// One demo server and one Chromium per test file, started before its tests
// and stopped after them.
import { before, after } from 'node:test';
import { launchChromium } from './browser.js';
import { launch } from './engines.js';
import { startDemoServer } from '../../web-demo/server.js';

/**
 * Returns an object whose `demo` and `browser` are set once the file's tests run. A file's own
 * `before` hooks may start alongside this one (Node 20 does not wait between them): they await
 * `fixture.ready` first.
 */
export function useDemoAndChromium(serverOptions = {}) {
  let started;
  const fixture = { demo: null, browser: null, ready: new Promise((resolve, reject) => { started = { resolve, reject }; }) };
  fixture.ready.catch(() => {}); // the hook below reports the failure
  before(async () => {
    try {
      fixture.demo = await startDemoServer(serverOptions);
      fixture.browser = await launchChromium();
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
 * The same for one engine of tests/browser/engines.js (`browser` is its driver). Call it inside a
 * describe() per engine, so each engine's suite has its own server and browser.
 */
export function useDemoAndBrowser(engine, serverOptions = {}) {
  let started;
  const fixture = { engine, demo: null, browser: null, ready: new Promise((resolve, reject) => { started = { resolve, reject }; }) };
  fixture.ready.catch(() => {});
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
