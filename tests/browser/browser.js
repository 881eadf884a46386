// Headless Chromium from the system (Debian's package), driven by
// playwright-core; browsers are never downloaded.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath() {
  const found = CANDIDATES.find((path) => path && existsSync(path));
  if (!found) throw new Error('Chromium not found: run scripts/bootstrap.sh (apt-get install chromium) or set CHROMIUM_PATH');
  return found;
}

export function launchChromium({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
