import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (Debian's package). Playwright's own browser download is never used. */
export const CHROMIUM_PATH = process.env.LARDER_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM_PATH);
if (!chromiumAvailable && process.env.CI) {
  // Under CI a skipped browser suite is a failure, never a silent pass (.ci/run installs it).
  throw new Error(`Chromium is required under CI but ${CHROMIUM_PATH} does not exist: apt-get install -y chromium`);
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A headless Chromium; close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS, timeout: 30_000 });
}
