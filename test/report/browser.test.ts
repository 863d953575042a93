import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS } from '../../src/areas.js';
import { renderReport } from '../../src/report/html.js';
import { CHUNK_SIZE, ROW_HEIGHT_PX } from '../../src/report/area-sections.js';
import { hasChromium, launchChromium } from './chromium.js';
import { largePredicate, mixedPredicate, XSS_NAME } from './fixtures.js';

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

/** Each test on the page: whether it is filtered out, open, and how many evidence blocks it holds. */
const testStates = (page: Page): Promise<Array<{ id: string; hidden: boolean; open: boolean; evidence: number }>> =>
  page.evaluate(() => [...document.querySelectorAll<HTMLDetailsElement>('details.t')].map((t) => ({ id: t.id, hidden: t.hidden === true, open: t.open, evidence: t.querySelectorAll('.ev').length })));

describe.skipIf(!hasChromium())(`the report in Chromium${SKIP}`, () => {
  let browser: Browser;
  let url: string;
  const predicate = mixedPredicate('live');
  // Evidence is attacker-controlled too: it must reach the page as text, never as markup.
  const HOSTILE_BODY = '<img src=x onerror="window.__xss=3"></pre><script>window.__xss=4</script>';
  predicate.tests.find((t) => t.fullName.includes(XSS_NAME))!.evidence[0]!.probes.push({
    name: XSS_NAME, expected: '2xx', ok: true, request: { method: 'GET', path: '/' }, response: { status: 200, body: HOSTILE_BODY }, durationMs: 1,
  });
  const evidenceCount = (id: string): number => predicate.tests.find((t) => `test-${t.id}` === id)!.evidence.length;

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

    // Evidence is built when a test opens, here with the keyboard, and only once.
    const test = page.locator('#test-webhooks_9');
    expect(await test.locator('.ev').count()).toBe(0);
    await test.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await test.getAttribute('open')).toBe('');
    await expect.poll(() => test.locator('pre.req').first().isVisible()).toBe(true);
    expect(await test.locator('pre.req').first().textContent()).toBe('POST /webhooks/0bit\nwebhook-id: evt_9\nwebhook-signature: v1,Qm9n…[88 chars]');
    expect(await test.locator('pre.res').nth(1).textContent()).toBe('HTTP 400\n\n{"error":"invalid signature"}');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await test.locator('pre.req').count()).toBe(2);
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

    // The text filter searches the evidence of tests nobody opened (a request header here).
    expect(await page.locator('#test-idempotency_b .ev').count()).toBe(0);
    await page.fill('#f-text', 'IDEM_11');
    expect(await visibleTestNames(page)).toEqual(['Idempotency > checkout creation is idempotent under retries']);
    await page.fill('#f-text', '');

    // A not-ready reason leads to its test, opened, with its evidence.
    const reason = predicate.notReadyReasons.find((r) => r.testId)!;
    await page.locator('.reasons a').first().click();
    const reasonTest = page.locator(`[id="test-${reason.testId}"]`);
    // The page opens the test on hashchange, after the click has returned.
    await expect.poll(() => reasonTest.getAttribute('open')).toBe('');
    await expect.poll(() => reasonTest.locator('.ev').isVisible()).toBe(true);

    // Expand all opens what the filter shows, with evidence; the rest stays unbuilt.
    await page.selectOption('#f-state', 'passed');
    await page.click('#f-open');
    for (const t of await testStates(page)) {
      const expected = !t.hidden ? { open: true, evidence: evidenceCount(t.id) } : t.id === `test-${reason.testId}` ? { open: true } : { open: false, evidence: 0 };
      expect(t, t.id).toMatchObject(expected);
    }
    await page.click('#f-reset');
    await page.click('#f-open');
    expect((await testStates(page)).every((t) => t.open && t.evidence === evidenceCount(t.id))).toBe(true);
    await page.click('#f-close');
    expect((await testStates(page)).some((t) => t.open)).toBe(false);

    await page.click('#f-open');
    const hostile = page.locator('.t', { hasText: XSS_NAME });
    expect(await hostile.locator('pre.res').textContent()).toBe(`HTTP 200\n\n${HOSTILE_BODY}`);
    expect(await hostile.locator('.ev img, .ev script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follows the dark colour scheme and prints without its controls, the tests it shows opened with their evidence', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, url);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 17, 22)');
    await page.screenshot({ path: join(OUT, 'report-dark.png') });

    // Printing (page.pdf fires beforeprint and afterprint) opens every test the filter shows.
    await page.selectOption('#f-state', 'failed');
    await page.locator('#test-browser_5 summary').click();
    await page.evaluate(() => {
      const w = window as { __printed?: unknown };
      window.addEventListener('beforeprint', () => {
        w.__printed = [...document.querySelectorAll<HTMLDetailsElement>('details.t')].map((t) => ({ id: t.id, hidden: t.hidden === true, open: t.open, evidence: t.querySelectorAll('.ev').length }));
      });
    });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    await page.pdf({ path: join(OUT, 'report.pdf'), format: 'A4' });
    const printed = (await page.evaluate(() => (window as { __printed?: unknown }).__printed)) as Awaited<ReturnType<typeof testStates>>;
    const failed = predicate.tests.filter((t) => t.state === 'failed').map((t) => `test-${t.id}`);
    expect(printed.filter((t) => !t.hidden).map((t) => t.id)).toEqual(failed);
    for (const t of printed) expect(t, t.id).toMatchObject(t.hidden ? { open: false, evidence: 0 } : { open: true, evidence: evidenceCount(t.id) });
    // Afterwards only the test the reader opened stays open.
    expect((await testStates(page)).filter((t) => t.open).map((t) => t.id)).toEqual(['test-browser_5']);

    // In print media the opened evidence shows.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('#test-webhooks_a pre.req').first().isVisible()).toBe(true);
    expect(await page.locator('#test-availability_g .ev').isVisible()).toBe(true);
    expect(await page.locator('#test-product_0').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says that the evidence needs JavaScript when it is off, and still shows states and failures', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page, problems } = await open(context, url);
    expect(await page.locator('.nojs').isVisible()).toBe(true);
    expect(await page.locator('.nojs').textContent()).toContain('The test evidence needs JavaScript, which is off.');
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    await page.locator('#test-webhooks_a summary').click();
    expect(await page.locator('#test-webhooks_a pre.failure').isVisible()).toBe(true);
    expect(await page.locator('#test-webhooks_a .ev').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('filters a many-test page chunk by chunk, hiding chunks with nothing to show', async () => {
    const large = largePredicate(40 * AREAS.length + 9 * CHUNK_SIZE);
    const file = join(OUT, 'report-large.html');
    writeFileSync(file, renderReport({ predicate: large, keyid: 'a1'.repeat(32), payloadDigest: 'f0'.repeat(32), recordPath: 'launch-record.json' }));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, pathToFileURL(file).href);
    const chunks = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.chunk')].map((c) => ({
      hidden: c.hidden, size: c.style.containIntrinsicSize, shown: [...c.querySelectorAll<HTMLElement>('details.t')].filter((t) => !t.hidden).length,
    })));
    const all = await chunks();
    expect(all.length).toBe(2 * AREAS.length);
    for (const c of all) expect(c).toEqual({ hidden: false, size: `auto ${c.shown * ROW_HEIGHT_PX}px`, shown: c.shown });
    await page.selectOption('#f-state', 'failed');
    const failed = await chunks();
    expect(failed.reduce((n, c) => n + c.shown, 0)).toBe(large.tests.filter((t) => t.state === 'failed').length);
    expect(failed.some((c) => c.hidden)).toBe(true);
    for (const c of failed) expect(c).toEqual(c.shown === 0 ? { hidden: true, size: expect.any(String), shown: 0 } : { hidden: false, size: `auto ${c.shown * ROW_HEIGHT_PX}px`, shown: c.shown });
    await page.click('#f-reset');
    expect(await chunks()).toEqual(all);

    // A link to the last test opens it, with its evidence, in view.
    const last = large.tests.filter((t) => t.area === AREAS.at(-1)!.id && t.evidence.length > 0).at(-1)!;
    await page.evaluate((id) => { location.hash = `#test-${id}`; }, last.id);
    const target = page.locator(`[id="test-${last.id}"]`);
    await expect.poll(() => target.getAttribute('open')).toBe('');
    expect(await target.locator('.ev').first().isVisible()).toBe(true);
    expect(await target.locator('summary').evaluate((s) => { const r = s.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })).toBe(true);
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
