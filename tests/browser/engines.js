// Three browser engines behind one small driver, so a browser test is written once and runs in each:
//   chromium  Debian's Chromium through playwright-core (CDP)
//   firefox   Debian's Firefox ESR through puppeteer-core over WebDriver BiDi
//   webkit    WebKitGTK's MiniBrowser through W3C WebDriver (selenium-webdriver and WebKitWebDriver),
//             under Xvfb: MiniBrowser needs a display
// Every one comes from a Debian package (scripts/bootstrap.sh); nothing is ever downloaded.
// BROWSERS=chromium (or a comma-separated list) picks engines, for a quick loop.
//
// The driver: browser.newContext() → context (own storage; its pages share localStorage like tabs);
// context.newPage() → page: goto, evaluate(fn, arg), waitForFunction(fn, arg, ms), click(selector),
// textContent(selector), errors() (uncaught errors so far), close(). evaluate's fn runs in the page and
// may return a promise; arg and the result must be JSON. context.setOffline(offline) exists where the
// engine's automation can take pages offline: Chromium and Firefox, not WebKitGTK (W3C WebDriver
// classic, all WebKitWebDriver speaks, has no network emulation).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { launchChromium } from './browser.js';

export const ENGINES = (process.env.BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim());

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Records uncaught errors on the page (installed before any script of the page runs, or at load). */
const ERROR_HOOK = `window.__errors = window.__errors || [];
  window.addEventListener('error', (event) => window.__errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => window.__errors.push(String(event.reason)));`;

/** Verbs every engine's page gets from its evaluate and waitForFunction. */
function withCommonVerbs(page) {
  return Object.assign(page, {
    waitForSelector: (selector, options) =>
      page.waitForFunction((s) => document.querySelector(s) !== null, selector, options),
    fill: (selector, value) => page.evaluate(([s, v]) => {
      const input = document.querySelector(s);
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, [selector, value]),
    count: (selector) => page.evaluate((s) => document.querySelectorAll(s).length, selector),
    texts: (selector) => page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent), selector),
  });
}

/** A wait's bound: a number of ms or playwright's { timeout }. */
const timeoutOf = (options) => (typeof options === 'number' ? options : options?.timeout ?? 10000);

/** `chromiumArgs`: extra command-line flags for Chromium (the bench's gc and memory figures). */
export async function launch(engine, { chromiumArgs = [] } = {}) {
  const browser = engine === 'chromium' ? playwrightBrowser(await launchChromium({ extraArgs: chromiumArgs }), engine)
    : engine === 'firefox' ? await puppeteerBrowser()
      : engine === 'webkit' ? await webdriverBrowser()
        : null;
  if (!browser) throw new Error(`unknown engine ${engine} (chromium, firefox, webkit)`);
  // A page in a context of its own, which closing the page closes.
  browser.newPage = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    return { ...page, close: () => context.close() };
  };
  return browser;
}

// --- Chromium: playwright-core ----------------------------------------------------------------

function playwrightPage(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return withCommonVerbs({
    native: page,
    async clickForPopup(selector) {
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click(selector)]);
      return playwrightPage(popup);
    },
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitForFunction: (fn, arg, options) => page.waitForFunction(fn, arg, { timeout: timeoutOf(options) }),
    click: (selector) => page.click(selector),
    textContent: (selector) => page.textContent(selector),
    errors: async () => [...errors],
    close: () => page.close(),
  });
}

function playwrightBrowser(browser, engine) {
  return {
    engine,
    version: browser.version(),
    async newContext() {
      const context = await browser.newContext();
      return {
        newPage: async () => playwrightPage(await context.newPage()),
        setOffline: (offline) => context.setOffline(offline),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// --- Firefox: puppeteer-core over WebDriver BiDi ----------------------------------------------

async function puppeteerBrowser() {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: run scripts/bootstrap.sh or set FIREFOX_PATH`);
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
  const wrap = (page) => {
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return withCommonVerbs({
      native: page,
      async clickForPopup(selector) {
        const [popup] = await Promise.all([new Promise((resolve) => page.once('popup', resolve)), page.click(selector)]);
        return wrap(popup);
      },
      goto: (url) => page.goto(url),
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      waitForFunction: (fn, arg, options) => page.waitForFunction(fn, { timeout: timeoutOf(options), polling: 50 }, arg),
      click: (selector) => page.click(selector),
      textContent: (selector) => page.$eval(selector, (element) => element.textContent),
      errors: async () => [...errors],
      close: () => page.close(),
    });
  };
  return {
    engine: 'firefox',
    version: await browser.version(),
    async newContext() {
      const context = await browser.createBrowserContext();
      const pages = [];
      return {
        async newPage() {
          const page = await context.newPage();
          pages.push(page);
          return wrap(page);
        },
        setOffline: (offline) => Promise.all(pages.map((page) => page.setOfflineMode(offline))),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// --- WebKit: W3C WebDriver with WebKitWebDriver and MiniBrowser under Xvfb --------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One lock per WebDriver session: a window switch and the command after it must not interleave. */
function serialize() {
  let tail = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => {});
    return run;
  };
}

async function webdriverBrowser() {
  for (const [path, what] of [[WEBKIT_DRIVER, 'WebKitWebDriver'], [MINIBROWSER, 'MiniBrowser']]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}: run scripts/bootstrap.sh (webkit2gtk-driver)`);
  }
  const { Builder, By } = await import('selenium-webdriver');
  const port = await freePort();
  // xvfb-run gives WebKitWebDriver (and the MiniBrowser it starts) a display of its own.
  const server = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], { detached: true, stdio: 'ignore' });
  await waitForPort(port, 15000);
  const sessions = new Set();

  async function newSession() {
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    sessions.add(driver);
    return driver;
  }

  return {
    engine: 'webkit',
    version: await (async () => {
      const driver = await newSession();
      const version = (await driver.getCapabilities()).get('browserVersion');
      await driver.quit();
      sessions.delete(driver);
      return version;
    })(),
    async newContext() {
      // A session is a browser of its own (its own storage); its windows share it, like tabs.
      // WebKitWebDriver allows one session at a time: one a failed test left open goes first, so
      // that one failure does not fail every test after it.
      for (const leftover of sessions) {
        sessions.delete(leftover);
        await leftover.quit().catch(() => {});
      }
      const driver = await newSession();
      const exclusive = serialize();
      let first = true;
      let sequence = 0;
      const pageFor = (handle) => {
        const inWindow = (work) => exclusive(async () => {
          await driver.switchTo().window(handle);
          return work();
        });
        const run = (source, ...args) => inWindow(() => driver.executeScript(source, ...args));
        return withCommonVerbs({
          native: driver,
          goto: (url) => inWindow(async () => {
            await driver.get(url);
            await driver.executeScript(ERROR_HOOK);
          }),
          // Started, then polled: a long evaluate must not hold the session, so that two windows'
          // evaluations run at the same time (two tabs bursting at once), as in the other engines.
          async evaluate(fn, arg) {
            const id = `e${++sequence}`;
            await run(`const [id, arg] = arguments; window.__evaluations = window.__evaluations || {};
              const slot = window.__evaluations[id] = { done: false };
              Promise.resolve().then(() => (${fn})(arg)).then(
                (value) => Object.assign(slot, { done: true, value: value === undefined ? null : value }),
                (error) => Object.assign(slot, { done: true,
                  error: error && error.stack ? String(error) + '\\n' + error.stack : String(error) }));`, id, arg);
            for (;;) {
              const slot = await run('const slot = window.__evaluations[arguments[0]]; if (slot.done) delete window.__evaluations[arguments[0]]; return slot;', id);
              if (slot.done) {
                if (slot.error !== undefined) throw new Error(`in WebKit: ${slot.error}`);
                return slot.value;
              }
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          },
          async waitForFunction(fn, arg, options) {
            const timeout = timeoutOf(options);
            const deadline = Date.now() + timeout;
            while (!(await run(`return Boolean((${fn})(arguments[0]));`, arg))) {
              if (Date.now() > deadline) throw new Error(`waitForFunction timed out after ${timeout} ms: ${fn}`);
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          },
          // WebDriver's own click: a user gesture, which window.open needs (a script's click() is not one).
          click: (selector) => inWindow(async () => driver.findElement(By.css(selector)).click()),
          async clickForPopup(selector) {
            const before = new Set(await exclusive(() => driver.getAllWindowHandles()));
            await inWindow(async () => driver.findElement(By.css(selector)).click());
            for (let tries = 0; tries < 200; tries++) {
              const opened = (await exclusive(() => driver.getAllWindowHandles())).find((h) => !before.has(h));
              if (opened) return pageFor(opened);
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            throw new Error(`no window opened by clicking ${selector}`);
          },
          textContent: (selector) => run('return document.querySelector(arguments[0]).textContent;', selector),
          errors: () => run('return window.__errors || [];'),
          close: () => inWindow(() => driver.close()).catch(() => {}),
        });
      };
      return {
        async newPage() {
          const handle = await exclusive(async () => {
            if (first) {
              first = false;
              return driver.getWindowHandle();
            }
            await driver.switchTo().newWindow('tab');
            return driver.getWindowHandle();
          });
          return pageFor(handle);
        },
        async close() {
          sessions.delete(driver);
          await driver.quit().catch(() => {});
        },
      };
    },
    async close() {
      for (const driver of sessions) await driver.quit().catch(() => {});
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
