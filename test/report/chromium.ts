import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; CI installs it with apt-get. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * Browser tests may be skipped on a developer machine without Chromium, never in CI:
 * `.ci/run` installs it and sets REQUIRE_CHROMIUM=1, so there its absence is a failure, not a quiet skip.
 */
export const skipBrowserTests = (): boolean => !hasChromium() && !process.env.CI && !process.env.REQUIRE_CHROMIUM;

/**
 * Headless Chromium (Playwright gives it a fresh temporary profile) with every background
 * network feature off, so the only requests it makes are the page's own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
