import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS } from '../../src/areas.js';
import { renderReport } from '../../src/report/html.js';
import { hasChromium, launchChromium } from './chromium.js';
import { mixedPredicate, XSS_NAME } from './fixtures.js';

const OUT = resolve('test-output/report');
const SKIP = hasChromium() ? '' : ' (skipped: /usr/bin/chromium is absent; install it with `apt-get install -y chromium`, as CI does)';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Watched {
  page: Page;
  requests: string[];
  problems: string[];
}

/** A page that records every request and every console error, page error and dialog. */
async function open(context: BrowserContext, url: string): Promise<Watched> {
  const page = await context.newPage();
  const watched: Watched = { page, requests: [], problems: [] };
  page.on('request', (r) => watched.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') watched.problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => watched.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { watched.problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  await page.goto(url);
  return watched;
}

const visibleTestNames = (page: Page): Promise<string[]> =>
  page.locator('details.t:visible .tn').allTextContents();

describe.skipIf(!hasChromium())(`the report in Chromium${SKIP}`, () => {
  let browser: Browser;
  let url: string;
  const predicate = mixedPredicate('live');

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report.html');
    writeFileSync(file, renderReport({ predicate, keyid: 'a1'.repeat(32), payloadDigest: 'f0'.repeat(32), recordPath: 'launch-evidence/launch-record.json' }));
    url = pathToFileURL(file).href;
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('opens from file:// offline, shows the verdict and every area status, and runs no injected script', async () => {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 }, offline: true });
    const { page, requests, problems } = await open(context, url);

    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'NOT READY' }).isVisible()).toBe(true);
    for (const area of predicate.areas) {
      const row = page.locator(`#checklist tr:has(a[href="#area-${area.id}"])`);
      expect(await row.locator('.b').textContent()).toBe(area.status[0]!.toUpperCase() + area.status.slice(1));
      expect(await row.isVisible()).toBe(true);
    }
    expect(await page.locator('#checklist tbody th a').allTextContents()).toEqual(AREAS.map((a) => a.title));
    expect(await page.locator('.tn', { hasText: XSS_NAME }).count()).toBe(1);
    await page.screenshot({ path: join(OUT, 'report-light.png'), fullPage: false });

    // Expand an evidence block with the keyboard.
    const test = page.locator('#test-webhooks_9');
    await test.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await test.getAttribute('open')).toBe('');
    await expect.poll(() => test.locator('pre.req').first().isVisible()).toBe(true);
    expect(await test.locator('pre.req').first().textContent()).toContain('POST /webhooks/0bit');
    await test.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'report-evidence-open.png') });

    // Filter by text, by state and by area.
    await page.fill('#f-text', 'forged');
    const forged = await visibleTestNames(page);
    expect(forged.length).toBeGreaterThan(0);
    expect(forged.length).toBeLessThan(predicate.tests.length);
    expect(await page.locator('#f-count').textContent()).toBe(`Showing ${forged.length} of ${predicate.tests.length} tests`);
    await page.fill('#f-text', '');
    await page.selectOption('#f-state', 'failed');
    expect((await visibleTestNames(page)).length).toBe(predicate.tests.filter((t) => t.state === 'failed').length);
    expect(await page.locator('#area-product').isVisible()).toBe(false);
    await page.selectOption('#f-state', '');
    await page.selectOption('#f-area', 'monitoring');
    expect(await page.locator('#f-none').isVisible()).toBe(true);
    await page.click('#f-reset');
    expect((await visibleTestNames(page)).length).toBe(predicate.tests.length);

    // A not-ready reason leads to its test, opened.
    const reason = predicate.notReadyReasons.find((r) => r.testId)!;
    await page.locator('.reasons a').first().click();
    expect(await page.locator(`[id="test-${reason.testId}"]`).getAttribute('open')).toBe('');

    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follows the dark colour scheme and prints without its controls', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, url);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 17, 22)');
    await page.screenshot({ path: join(OUT, 'report-dark.png') });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    await page.pdf({ path: join(OUT, 'report.pdf'), format: 'A4' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe-core violations, light or dark, with the evidence open', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const { page } = await open(context, url);
      await page.click('#f-open');
      // The CSP (rightly) refuses an injected <script>; evaluating the source through the
      // DevTools protocol is not an inline script, so axe runs under the page's real CSP.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), colorScheme).toEqual([]);
      await context.close();
    }
  });
});
