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

/** Every background network feature off, so the only requests Chromium makes are the page's own (tests and bench/report.ts). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium; Playwright gives it a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}
