// One demo server and one Chromium per test file, started before its tests
// and stopped after them.
import { before, after } from 'node:test';
import { launchChromium } from './browser.js';
import { startDemoServer } from '../../web-demo/server.js';

/** Returns an object whose `demo` and `browser` are set once the file's tests run. */
export function useDemoAndChromium(serverOptions = {}) {
  const fixture = { demo: null, browser: null };
  before(async () => {
    fixture.demo = await startDemoServer(serverOptions);
    fixture.browser = await launchChromium();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.demo?.close();
  });
  return fixture;
}
