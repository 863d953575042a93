import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS } from '../../src/areas.js';
import { renderReport } from '../../src/report/html.js';
import { CHUNK_SIZE, ROW_HEIGHT_PX } from '../../src/report/page-contract.js';
import { hasChromium, launchChromium, skipBrowserTests } from './chromium.js';
import { evidencePredicate, largePredicate, mixedPredicate, XSS_NAME } from './fixtures.js';

/** Pages, screenshots and the PDF these tests make, kept for a reviewer to look at. */
const OUT = join(tmpdir(), '0bit-launch-report-test');
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
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watched.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => watched.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    watched.problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return watched;
}

/** The page builds the rows it leaves as data while it is idle; wait until all `n` are there. */
const allRowsBuilt = (page: Page, n: number) => page.waitForFunction((count) => document.querySelectorAll('div.t').length === count, n);

/** A test row the page shows opened: its class and its button's `aria-expanded` agree. */
const opened = (row: Locator): Promise<boolean> =>
  row.evaluate((el) => el.matches('div.t.open') && el.querySelector(':scope > button.ts')?.getAttribute('aria-expanded') === 'true');

/**
 * The filter hides a chunk's rows when the chunk comes near the viewport; scroll to each
 * chunk the filter shows, as a reader would, so every row is in step.
 */
const visitChunks = (page: Page) =>
  page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    for (const chunk of document.querySelectorAll<HTMLElement>('.chunk:not([hidden])')) {
      chunk.scrollIntoView();
      await frame();
      await frame();
    }
    scrollTo(0, 0);
  });

const visibleTestNames = async (page: Page): Promise<string[]> => {
  await visitChunks(page);
  return page.locator('div.t:visible .tn').allTextContents();
};

/** Each test on the page: whether it is filtered out, open, and how many evidence blocks it holds. */
const testStates = (page: Page): Promise<Array<{ id: string; hidden: boolean; open: boolean; evidence: number }>> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('div.t')].map((t) => ({
      id: t.id,
      hidden: t.hidden === true,
      open: t.classList.contains('open'),
      evidence: t.querySelectorAll('.ev').length,
    })),
  );

/** Where an element is in the viewport, and where the sticky navigation ends. */
const placement = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, navBottom: document.querySelector('nav.toc')!.getBoundingClientRect().bottom, viewport: innerHeight };
  });

const write = (name: string, html: string): string => {
  const file = join(OUT, name);
  writeFileSync(file, html);
  return pathToFileURL(file).href;
};

describe.skipIf(skipBrowserTests())(`the report in Chromium${SKIP}`, () => {
  let browser: Browser;
  let url: string;
  const predicate = mixedPredicate('live');
  // Evidence is attacker-controlled too: it must reach the page as text, never as markup.
  const HOSTILE_BODY = '<img src=x onerror="window.__xss=3"></pre><script>window.__xss=4</script>';
  predicate.tests
    .find((t) => t.fullName.includes(XSS_NAME))!
    .evidence[0]!.probes.push({
      name: XSS_NAME,
      expected: '2xx',
      ok: true,
      request: { method: 'GET', path: '/' },
      response: { status: 200, body: HOSTILE_BODY },
      durationMs: 1,
    });
  const evidenceCount = (id: string): number => predicate.tests.find((t) => `test-${t.id}` === id)!.evidence.length;
  const render = (p = predicate) =>
    renderReport({ predicate: p, keyid: 'a1'.repeat(32), payloadDigest: 'f0'.repeat(32), recordPath: 'launch-evidence/launch-record.json' });

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    url = write('report.html', render());
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('opens from file:// offline, shows the verdict and every area status, and runs no injected script', async () => {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 }, offline: true });
    const { page, requests, problems } = await open(context, url);

    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Launch verdict: NOT READY', exact: true }).isVisible()).toBe(true);
    for (const area of predicate.areas) {
      const row = page.locator(`#checklist tr:has(a[href="#area-${area.id}"])`);
      expect(await row.locator('.b').textContent()).toBe(area.status[0]!.toUpperCase() + area.status.slice(1));
      await expect.poll(() => row.isVisible()).toBe(true);
    }
    expect(await page.locator('#checklist tbody th a').allTextContents()).toEqual(AREAS.map((a) => a.title));
    await allRowsBuilt(page, predicate.tests.length);
    expect(await page.locator('.tn', { hasText: XSS_NAME }).count()).toBe(1);

    // Evidence is built when a test opens, here with the keyboard, and only once.
    const test = page.locator('#test-webhooks_9');
    expect(await test.locator('.ev').count()).toBe(0);
    await test.locator('.ts').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => opened(test)).toBe(true);
    await expect.poll(() => test.locator('pre.req').first().isVisible()).toBe(true);
    expect(await test.locator('pre.req').first().textContent()).toBe('POST /webhooks/0bit\nwebhook-id: evt_9\nwebhook-signature: v1,Qm9n…[88 chars]');
    expect(await test.locator('pre.res').nth(1).textContent()).toBe('HTTP 400\n\n{"error":"invalid signature"}');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await test.locator('pre.req').count()).toBe(2);

    // Filter by text, by state and by area.
    await page.fill('#f-text', 'forged');
    const forged = await visibleTestNames(page);
    expect(forged.length).toBeGreaterThan(0);
    expect(forged.length).toBeLessThan(predicate.tests.length);
    expect(await page.locator('#f-count').textContent()).toBe(`Showing ${forged.length} of ${predicate.tests.length} tests`);
    await page.fill('#f-text', '');
    await page.selectOption('#f-show', 'failed');
    expect((await visibleTestNames(page)).length).toBe(predicate.tests.filter((t) => t.state === 'failed').length);
    expect(await page.locator('#area-product').isVisible()).toBe(false);
    await page.selectOption('#f-show', '');
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
    await page.locator('ol.reasons a').first().click();
    const reasonTest = page.locator(`[id="test-${reason.testId}"]`);
    // The page opens the test on hashchange, after the click has returned.
    await expect.poll(() => opened(reasonTest)).toBe(true);
    await expect.poll(() => reasonTest.locator('.ev').isVisible()).toBe(true);

    // Expand all opens what the filter shows, with evidence; the rest stays unbuilt.
    await page.selectOption('#f-show', 'passed');
    await page.click('#f-open');
    for (const t of await testStates(page)) {
      const expected = !t.hidden
        ? { open: true, evidence: evidenceCount(t.id) }
        : t.id === `test-${reason.testId}`
          ? { open: true }
          : { open: false, evidence: 0 };
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

  it('puts the verdict and the nine-area checklist on the first screen, and an opened failing test below the sticky header', async ({ annotate }) => {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, write('report-evidence.html', render(evidencePredicate())));
    // First screen: the verdict and every checklist row, whole, inside the viewport, before any scrolling.
    const verdict = await placement(page, '#verdict-h');
    expect(verdict.top).toBeGreaterThanOrEqual(verdict.navBottom);
    const rows = await page.locator('#checklist tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().bottom));
    expect(rows).toHaveLength(9);
    for (const bottom of rows) expect(bottom).toBeLessThanOrEqual(900);
    // The readiness table is below the fold now.
    expect((await placement(page, '#readiness-h')).top).toBeGreaterThan(900);
    const first = join(OUT, 'first-screen.png');
    await page.screenshot({ path: first });
    await annotate(`first screen: ${first}`);

    // A reason's link opens its failing test with its heading in view, below the sticky navigation.
    await page.locator('ol.reasons a[href="#test-webhooks_3"]').click();
    const test = page.locator('#test-webhooks_3');
    await expect.poll(() => opened(test)).toBe(true);
    await expect
      .poll(async () => {
        const p = await placement(page, '#test-webhooks_3 > .ts');
        return p.top >= p.navBottom && p.bottom <= p.viewport;
      })
      .toBe(true);
    // Failing probes first, each with a link to the docs section on how to pass it.
    const items = test.locator('.el > li');
    expect(await items.evaluateAll((lis) => lis.map((li) => li.className))).toEqual(['n', 'y']);
    const fix = items.first().locator('a.fix');
    expect(await fix.textContent()).toBe('How to fix');
    expect(await fix.getAttribute('href')).toMatch(/^(https:\/\/[^ ]+\/)?docs\/webhooks\.md#toverifywebhooksignatures-/);
    const shot = join(OUT, 'opened-failing-test.png');
    await page.screenshot({ path: shot });
    await annotate(`opened failing test: ${shot}`);
    // "Failing only" hides what held.
    const toggle = test.getByRole('button', { name: 'Failing only' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await items.nth(1).isVisible()).toBe(false);
    expect(await items.first().isVisible()).toBe(true);
    await toggle.click();
    expect(await items.nth(1).isVisible()).toBe(true);

    // On a narrow screen the navigation wraps; an opened test still lands below it.
    await page.setViewportSize({ width: 560, height: 800 });
    await page.evaluate(() => {
      location.hash = '';
      location.hash = '#test-monitoring_5';
    });
    await expect
      .poll(async () => {
        const p = await placement(page, '#test-monitoring_5 > .ts');
        return p.top >= p.navBottom && p.navBottom > 50;
      })
      .toBe(true);
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
    await page.selectOption('#f-show', 'failed');
    await page.locator('#test-browser_5 .ts').click();
    await page.evaluate(() => {
      const w = window as { __printed?: unknown };
      window.addEventListener('beforeprint', () => {
        w.__printed = [...document.querySelectorAll<HTMLElement>('div.t')].map((t) => ({
          id: t.id,
          hidden: t.hidden === true,
          open: t.classList.contains('open'),
          evidence: t.querySelectorAll('.ev').length,
        }));
      });
    });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    await page.pdf({ path: join(OUT, 'report.pdf'), format: 'A4' });
    const printed = (await page.evaluate(() => (window as { __printed?: unknown }).__printed)) as Awaited<ReturnType<typeof testStates>>;
    const failed = predicate.tests.filter((t) => t.state === 'failed').map((t) => `test-${t.id}`);
    expect(
      printed
        .filter((t) => !t.hidden)
        .map((t) => t.id)
        .sort(),
    ).toEqual(failed.sort());
    expect(printed).toHaveLength(predicate.tests.length);
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

  it('keeps a closed test findable in page: its name as text, its body hidden until found, opened when find reaches it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, url);
    await allRowsBuilt(page, predicate.tests.length);
    // A failed test, written by the server as <details> and rebuilt as the page's row with its body.
    const row = page.locator('#test-webhooks_a');
    const body = row.locator(':scope > .tb');
    expect(await opened(row)).toBe(false);
    expect(await body.getAttribute('hidden')).toBe('until-found');
    expect(await body.locator('pre.failure').textContent()).toContain('accepted a forged delivery');
    expect(await row.locator('.ev').count()).toBe(0);
    // The row's name is text the browser's find sees.
    const name = (await row.locator('.tn').textContent())!;
    expect(await page.evaluate((n) => (window as unknown as { find(s: string): boolean }).find(n), name)).toBe(true);
    // What HTML's find in page does on a match in a hidden=until-found body: fire beforematch, then show it.
    await body.evaluate((el) => {
      el.dispatchEvent(new Event('beforematch', { bubbles: true }));
      el.removeAttribute('hidden');
    });
    await expect.poll(() => opened(row)).toBe(true);
    expect(await row.locator('.ev').count()).toBe(evidenceCount('test-webhooks_a'));
    // Closed again from its button, the body is findable again rather than gone.
    await row.locator('.ts').click();
    expect(await opened(row)).toBe(false);
    expect(await body.getAttribute('hidden')).toBe('until-found');
    expect(await body.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says that the evidence needs JavaScript when it is off, and still shows the tests that need attention with their failures', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page, problems } = await open(context, url);
    expect(await page.locator('.nojs').isVisible()).toBe(true);
    expect(await page.locator('.nojs').textContent()).toContain('The test evidence needs JavaScript, which is off.');
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    await page.locator('#test-webhooks_a summary').click();
    expect(await page.locator('#test-webhooks_a pre.failure').isVisible()).toBe(true);
    expect(await page.locator('#test-webhooks_a .ev').count()).toBe(0);
    expect(await page.locator('#area-webhooks .nojs-only').textContent()).toBe(
      '1 more passing test is listed when JavaScript is on; the record holds them all.',
    );
    expect(await page.locator('#checklist .chip').count()).toBeGreaterThan(9);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('builds a many-test page chunk by chunk, keeps unbuilt chunks at their size and hides chunks with nothing to show', async () => {
    const large = largePredicate(40 * AREAS.length + 9 * CHUNK_SIZE);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, write('report-large.html', render(large)));
    const chunks = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.chunk')].map((c) => ({
          hidden: c.hidden,
          size: c.style.containIntrinsicSize,
          minHeight: c.style.minHeight,
          rows: c.querySelectorAll('div.t').length,
          shown: c.hidden ? 0 : [...c.querySelectorAll<HTMLElement>('div.t')].filter((t) => !t.hidden).length,
        })),
      );
    await allRowsBuilt(page, large.tests.length);
    const all = await chunks();
    expect(all.length).toBe(2 * AREAS.length);
    for (const c of all) expect(c).toEqual({ hidden: false, size: `auto ${c.rows * ROW_HEIGHT_PX}px`, minHeight: '', rows: c.rows, shown: c.rows });
    await page.selectOption('#f-show', 'failed');
    await visitChunks(page);
    const failed = await chunks();
    expect(failed.reduce((n, c) => n + c.shown, 0)).toBe(large.tests.filter((t) => t.state === 'failed').length);
    expect(failed.some((c) => c.hidden)).toBe(true);
    for (const c of failed) expect(c).toMatchObject(c.shown === 0 ? { hidden: true, shown: 0 } : { hidden: false, size: `auto ${c.shown * ROW_HEIGHT_PX}px` });
    await page.click('#f-reset');
    await visitChunks(page);
    expect(await chunks()).toEqual(all);

    // A link to the last test opens it, with its evidence, in view below the sticky navigation.
    const last = large.tests.filter((t) => t.area === AREAS.at(-1)!.id && t.state === 'passed').at(-1)!;
    await page.evaluate((id) => {
      location.hash = `#test-${id}`;
    }, last.id);
    const target = page.locator(`[id="test-${last.id}"]`);
    await expect.poll(() => opened(target)).toBe(true);
    expect(await target.locator('.ev').first().isVisible()).toBe(true);
    const p = await placement(page, `[id="test-${last.id}"] > .ts`);
    expect(p.top).toBeGreaterThanOrEqual(p.navBottom);
    expect(p.bottom).toBeLessThanOrEqual(p.viewport);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens a test the page has not built yet, from a link or a click on its row', async () => {
    const large = largePredicate(30 * CHUNK_SIZE);
    const file = write('report-link.html', render(large));
    const last = large.tests.filter((t) => t.state === 'passed').at(-1)!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context, `${file}#test-${last.id}`);
    const target = page.locator(`[id="test-${last.id}"]`);
    await expect.poll(() => opened(target)).toBe(true);
    expect(await target.locator('.ev').first().isVisible()).toBe(true);

    // A failed test far down is markup from the start; opened before its chunk is built (at
    // DOMContentLoaded, before any idle time), it builds the chunk and shows its evidence.
    const failed = large.tests.filter((t) => t.state === 'failed' && t.area === AREAS.at(-1)!.id).at(-1)!;
    await page.addInitScript((id) => {
      document.addEventListener('DOMContentLoaded', () => {
        const w = window as { __rows?: number };
        w.__rows = document.querySelectorAll('details.t').length;
        document.querySelector<HTMLElement>(`[id="test-${id}"] > summary`)!.click();
      });
    }, failed.id);
    await page.goto(file);
    const row = page.locator(`[id="test-${failed.id}"]`);
    expect(await page.evaluate(() => (window as { __rows?: number }).__rows)).toBe(large.tests.filter((t) => t.state !== 'passed').length);
    await expect.poll(() => opened(row)).toBe(true);
    expect(await row.locator('.ev').count()).toBe(large.tests.find((t) => t.id === failed.id)!.evidence.length);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe-core violations, light or dark, with the evidence open', { timeout: 120_000 }, async () => {
    const profiles = write('report-axe-profiles.html', render(evidencePredicate()));
    for (const [colorScheme, target] of [
      ['light', url],
      ['dark', url],
      ['light', profiles],
      ['dark', profiles],
    ] as const) {
      const context = await browser.newContext({ colorScheme });
      const { page } = await open(context, target);
      await page.click('#f-open');
      // The CSP (rightly) refuses an injected <script>; evaluating the source through the
      // DevTools protocol is not an inline script, so axe runs under the page's real CSP.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run(
                ctx: Document,
                opts: object,
              ): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }>;
            };
          }
        ).axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
        `${colorScheme} ${target}`,
      ).toEqual([]);
      await context.close();
    }
  });
});
