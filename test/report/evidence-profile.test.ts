import { relativeDocs } from './fixtures.js';
import { describe, expect, it } from 'vitest';
import type { LaunchPredicate } from '../../src/record/schema.js';
import { renderReport } from '../../src/report/html.js';
import { islandLines } from '../support/report-islands.js';
import { FLAG, unpackChunk, type ChunkData, type Row, type TreeElement } from '../../src/report/page-contract.js';
import { evidencePredicate } from './fixtures.js';

const render = (predicate: LaunchPredicate): string =>
  relativeDocs(renderReport({ predicate, keyid: 'k'.repeat(64), payloadDigest: 'd'.repeat(64), recordPath: 'launch-evidence/launch-record.json' }));

function section(page: string, id: string): string {
  const from = page.indexOf(`<section class="area" id="area-${id}"`);
  return page.slice(from, page.indexOf('<div class="tests">', from));
}

const checklistRow = (page: string, id: string): string => page.split('<tr data-status=').find((r) => r.includes(`href="#area-${id}"`)) ?? '';

const row = (page: string, id: string): Row =>
  islandLines(page, 'rows-data')
    .map(relativeDocs)
    .flatMap((l) => unpackChunk(JSON.parse(l) as ChunkData))
    .find((r) => r.id === id)!;

const markupRow = (page: string, id: string): string => {
  const from = page.indexOf(`<details class="t" id="test-${id}"`);
  return from < 0 ? '' : page.slice(from, page.indexOf('</details>', from));
};

describe('the report shows what supports each area (issue 10)', () => {
  const p = evidencePredicate();
  const page = render(p);

  it('lists each profile item with the tests that support it', () => {
    const product = section(page, 'product');
    expect(product).toContain(
      '<li class="pi pi-supported"><span class="b s-passed">supported</span> <code>toBeLaunchableSurface</code> <span class="by">Supported by <a href="#test-product_0">Product surface &gt; checkout runs on 0gate</a>, <a href="#test-product_1">Product surface &gt; the storefront runs on 0gate</a>.</span></li>',
    );
    expect(checklistRow(page, 'product')).toContain('<li class="chip c-supported"><span class="sr-only">supported: </span>toBeLaunchableSurface</li>');
  });

  it('names each missing item with the docs section that shows how to write it', () => {
    const webhooks = section(page, 'webhooks');
    expect(webhooks).toContain(
      `<li class="pi pi-missing"><span class="b s-failed">missing</span> <code>toLogWebhookEvents</code> <span class="by">No passing test proves a passing toLogWebhookEvents. <a class="fix" href="docs/webhooks.md#what-counts-as-evidence">How to write it</a></span></li>`,
    );
    expect(checklistRow(page, 'webhooks')).toContain(
      `<li class="chip c-missing"><a href="docs/webhooks.md#what-counts-as-evidence"><span class="sr-only">missing: </span>toLogWebhookEvents<span class="sr-only">: how to write it</span></a></li>`,
    );
    const origins = section(page, 'origins');
    expect(origins).toContain('<code>toAllowOrigin</code> or <code>toBeExplicitOriginAllowlist</code>');
    // An item the require option added says so.
    expect(section(page, 'monitoring')).toMatch(/<code>toRaiseAlert<\/code> <span class="mk">required by the require option<\/span>/);
  });

  it('names each contradiction: the test, the matcher and how its failure was hidden', () => {
    expect(section(page, 'webhooks')).toContain(
      '<li><code>toVerifyWebhookSignatures</code> failed, but the test passed anyway: its failure was caught or not awaited: <a href="#test-webhooks_3">Webhooks &gt; swallows a forged delivery</a> <span class="mk">swallowed</span></li>',
    );
    expect(section(page, 'monitoring')).toContain(
      '<li><code>toCoverAlerts</code> failed inside test.fails, which turned the failure into a pass: <a href="#test-monitoring_5">Monitoring &gt; alert rules (test.fails)</a> <span class="mk">inverted</span></li>',
    );
    expect(checklistRow(page, 'webhooks')).toContain('<span class="sr-only">failed: </span>1 contradiction</li>');
    expect(page).toContain(`<code class="code">EVIDENCE_CONTRADICTED</code> <a class="fix" href="docs/record.md#contradictions">How to fix</a>`);
  });

  it('lists the tests that passed without evidence', () => {
    expect(section(page, 'idempotency')).toContain(
      '<p class="unsup"><span class="sup sup-unsupported">no evidence</span> 1 test passed without evidence for this area: <a href="#test-idempotency_4">Idempotency &gt; asserts nothing about retries</a>. They prove nothing for it.</p>',
    );
    expect(checklistRow(page, 'availability')).toContain('<li class="chip c-note">1 test without evidence</li>');
  });

  it('marks each test with its support, and flaky or inverted tests, with the notes that explain them', () => {
    // Tests that need attention are markup with their notes; the others are rows the script builds, notes in their opened content.
    expect(markupRow(page, 'webhooks_3')).toContain('<span class="sup sup-contradicts">contradicts</span>');
    expect(markupRow(page, 'monitoring_5')).toMatch(
      /<span class="sup sup-contradicts">contradicts<\/span><span class="mk">test.fails<\/span>.*<li>Declared with test.fails: its pass means its body failed, so it supports nothing.<\/li>/,
    );
    expect(markupRow(page, 'credentials_7')).toMatch(
      /<span class="sup sup-supports">evidence<\/span><span class="mk">flaky<\/span>.*<li>Passed after a retry: every try’s evidence is kept, only the last try’s counts.<\/li><li>1 evidence block\(s\) from retried tries are kept but do not count<\/li>/,
    );
    const unsupported = row(page, 'availability_6');
    expect(unsupported).toMatchObject({
      state: 'passed',
      support: 'unsupported',
      flags: 0,
      meta: expect.stringMatching(/^specs\/availability\.launch\.test\.ts:10:3 · \d+ ms$/),
    });
    expect(markupRow(page, 'availability_6')).toBe('');
    const island = islandLines(page, 'evidence-data').map(relativeDocs);
    const opened = JSON.parse(island[unsupported.evidence]!) as TreeElement[];
    expect(opened[0]).toEqual(['ul.notes', ['li', "toEnable checked live, not the run's environment sandbox"]]);
    expect(row(page, 'product_0')).toMatchObject({ state: 'passed', support: 'supports', flags: 0 });
    expect(row(page, 'credentials_7').flags).toBe(FLAG.flaky | FLAG.inMarkup);
    // Each try of the retried test says which it was; the first no longer counts.
    const tries = (JSON.parse(island[row(page, 'credentials_7').evidence]!) as TreeElement[]).map((ev) =>
      (ev[1] as TreeElement).filter((c) => Array.isArray(c) && c[0] === 'small'),
    );
    expect(tries).toEqual([[['small', 'try 1 · retried, does not count']], [['small', 'try 2']]]);
    expect(row(page, 'monitoring_5').flags).toBe(FLAG.inverted | FLAG.inMarkup);
  });

  it('says when no product surface is configured', () => {
    const unset = render({ ...p, productSurface: null });
    expect(unset).toContain('<div><dt>Product surface</dt><dd><span class="b s-failed">not configured</span></dd></div>');
  });
});
