import { createHash } from 'node:crypto';
import { relativeDocs } from './fixtures.js';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../src/areas.js';
import { launchPredicateSchema, type LaunchPredicate } from '../../src/record/schema.js';
import { el, jsonLine, TREE_TAGS, type TreeElement, type TreeNode } from '../../src/report/element-tree.js';
import { contentSecurityPolicy, renderReport, type ReportInput } from '../../src/report/html.js';
import { CHUNK_SIZE, FLAG, unpackChunk, type ChunkData, type Row } from '../../src/report/page-contract.js';
import { shellQuote } from '../../src/report/run-facts.js';
import { islandLines } from '../support/report-islands.js';
import { buildPredicate, evidenceFor, mixedPredicate, readyPredicate, XSS_NAME, XSS_SCRIPT } from './fixtures.js';

const render = (predicate: LaunchPredicate, extra: Partial<ReportInput> = {}): string =>
  relativeDocs(renderReport({ predicate, keyid: 'k'.repeat(64), payloadDigest: 'd'.repeat(64), recordPath: 'launch-evidence/launch-record.json', ...extra }));

/** An island's lines as the page inflates them, with docs links made relative like the markup's (`render`). */
const island = (page: string, id: string): string[] => islandLines(page, id).map(relativeDocs);

/** Every test row the page script knows, in page order (one island line per chunk). */
const rows = (page: string): Row[] => island(page, 'rows-data').flatMap((line) => unpackChunk(JSON.parse(line) as ChunkData));

const pageTestIds = (page: string): string[] => rows(page).map((r) => r.id);

/** Test rows written as markup. */
const markupIds = (page: string): string[] => [...page.matchAll(/<details class="t" id="test-([^"]+)"/g)].map((m) => m[1]!);

/** Every element in a tree, depth first. */
function elements(node: TreeNode): TreeElement[] {
  if (typeof node === 'string') return [];
  const children = node[0].split('.')[0] === 'a' ? node.slice(2) : node.slice(1);
  return [node, ...children.flatMap((c) => elements(c as TreeNode))];
}

/** What the page shows of a tree: its text, as textContent would read it. */
function text(node: TreeNode): string {
  if (typeof node === 'string') return node;
  const children = node[0].split('.')[0] === 'a' ? node.slice(2) : node.slice(1);
  return children.map((c) => text(c as TreeNode)).join('');
}

/** What the page builds into a test when it opens, from the evidence island. */
function evidenceOf(page: string, testId: string): TreeElement[] {
  const row = rows(page).find((r) => r.id === testId)!;
  return row.evidence < 0 ? [] : (JSON.parse(island(page, 'evidence-data')[row.evidence]!) as TreeElement[]);
}

/** The checklist row of an area, by its link to the area's section. */
function checklistRow(page: string, areaId: string): string {
  const rows = page.split('<tr data-status=').slice(1);
  return rows.find((r) => r.includes(`href="#area-${areaId}"`)) ?? '';
}

/** An area's section. */
function areaSection(page: string, areaId: string): string {
  const from = page.indexOf(`<section class="area" id="area-${areaId}"`);
  return page.slice(from, page.indexOf('</section>', from));
}

describe('fixtures', () => {
  it('are valid launch predicates', () => {
    for (const p of [readyPredicate(), mixedPredicate('sandbox'), mixedPredicate('live')]) {
      expect(launchPredicateSchema.safeParse(JSON.parse(JSON.stringify(p))).success).toBe(true);
    }
  });
});

describe('renderReport', () => {
  it('renders attacker-controlled names, messages and evidence as text', () => {
    const p = mixedPredicate();
    const hostile = {
      matcher: '<b>toX</b>',
      area: 'product' as const,
      pass: true,
      negated: false,
      summary: XSS_SCRIPT,
      probes: [
        {
          name: '"><svg onload=alert(1)>',
          expected: '2xx',
          ok: true,
          request: { method: 'GET', path: '/?q=<script>', headers: { 'x-a': '<i>' } },
          response: { status: 200, body: '</pre><script>alert(1)</script>\u2028<!--' },
          durationMs: 1,
        },
      ],
      findings: [{ kind: 'email', masked: '<u>a…@x</u>', file: 'a"b.js' }],
      checks: [{ name: '<em>c</em>', ok: false, detail: '&amp;' }],
      details: { '<k>': '<v>' },
      scope: {},
      attempt: 0,
      repeat: 0,
    };
    p.tests[0]!.evidence.push(hostile);
    const page = render(p);
    expect(page).not.toContain(XSS_NAME);
    expect(page).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(page).not.toMatch(/<script>window|<svg onload|<b>toX|<em>c|<u>a|<k>|<i>|<script>alert|<!--/);
    // One script runs (the page's own); the data is deflated base64, which holds no `<`, so it cannot end its element.
    expect(page.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="application/octet-stream" id="evidence-data" data-encoding="deflate-raw base64">',
      '<script type="application/octet-stream" id="rows-data" data-encoding="deflate-raw base64">',
      '<script>',
    ]);
    for (const id of ['evidence-data', 'rows-data'])
      expect(page.split(`id="${id}"`)[1]!.split('</script>')[0]).toMatch(/^ data-encoding="deflate-raw base64">[A-Za-z0-9+/=]*$/);
    // Inflated, it is JSON with every `<` escaped too.
    for (const id of ['evidence-data', 'rows-data']) expect(island(page, id).join('\n')).not.toContain('<');
    expect(rows(page).find((r) => r.name.includes(XSS_NAME))).toBeDefined();
    // The page builds it back exactly, as text.
    const shown = text(el('div', ...evidenceOf(page, p.tests[0]!.id)));
    for (const value of [
      XSS_SCRIPT,
      '<b>toX</b>',
      '"><svg onload=alert(1)>',
      'GET /?q=<script>\nx-a: <i>',
      '</pre><script>alert(1)</script>\u2028<!--',
      '<u>a…@x</u>',
      'a"b.js',
      '<em>c</em>',
      '&amp;',
      '<k>',
      '<v>',
    ]) {
      expect(shown).toContain(value);
    }
  });

  it('keeps each test as a row of data that names the evidence line it shows when opened', () => {
    // The record lists tests in run order; the page lists them area by area.
    const p = mixedPredicate();
    const page = render({ ...p, tests: [...p.tests].reverse() });
    const ids = pageTestIds(page);
    expect([...ids].sort()).toEqual(p.tests.map((t) => t.id).sort());
    const entries = island(page, 'evidence-data').map((line) => JSON.parse(line) as TreeElement[]);
    for (const id of ids) {
      const t = p.tests.find((x) => x.id === id)!;
      const matchers = evidenceOf(page, id)
        .flatMap(elements)
        .filter(([s]) => s === 'code.m')
        .map(text);
      expect(matchers).toEqual(t.evidence.map((ev) => ev.matcher));
    }
    // Only the tags the page script builds.
    const tags = new Set(
      entries
        .flat()
        .flatMap(elements)
        .map(([selector]) => selector.split('.')[0]),
    );
    expect([...tags].filter((tag) => !(TREE_TAGS as readonly string[]).includes(tag!))).toEqual([]);
    // Nothing of it is markup yet; a test without evidence says so in the markup itself.
    expect(page).not.toContain('<pre class="req">');
    expect(evidenceOf(page, 'origins_8')).toEqual([]);
    expect(page).toMatch(/id="test-origins_8"[\s\S]*?<p class="muted">No matcher recorded evidence in this test.<\/p><\/details>/);
  });

  it('writes the tests that need attention as markup, first in their area, and leaves passing ones to the script', () => {
    const p = mixedPredicate();
    const page = render(p);
    const attention = p.tests.filter((t) => t.state !== 'passed' || t.waiver);
    expect(markupIds(page).sort()).toEqual(attention.map((t) => t.id).sort());
    for (const r of rows(page)) expect(Boolean(r.flags & FLAG.inMarkup), r.id).toBe(attention.some((t) => t.id === r.id));
    // In the webhooks area the failed test comes before the passing one, though it ran after it.
    expect(pageTestIds(page).filter((id) => id.startsWith('webhooks'))).toEqual(['webhooks_a', 'webhooks_9']);
    expect(areaSection(page, 'webhooks')).toContain('1 more passing test is listed when JavaScript is on; the record holds them all.');
    // Identical evidence is written once.
    const same = buildPredicate({
      tests: Array.from({ length: 5 }, () => ({ area: 'product' as const, evidence: [{ ...evidenceFor('product', true), scope: { surface: '0gate' } }] })),
    });
    const samePage = render(same);
    expect(island(samePage, 'evidence-data')).toHaveLength(1);
    expect(rows(samePage).map((r) => r.evidence)).toEqual([0, 0, 0, 0, 0]);
    // …and only identical: the same evidence with a support note of its own is a line of its own.
    same.tests[3]!.supportNotes = ['passed with evidence from another environment'];
    const noted = render(same);
    expect(rows(noted).map((r) => r.evidence)).toEqual([0, 0, 0, 1, 0]);
    expect(island(noted, 'evidence-data')[1]).toContain('passed with evidence from another environment');
  });

  it('says that the evidence needs JavaScript, for a browser that runs none', () => {
    expect(render(mixedPredicate())).toMatch(
      /<noscript><p class="nojs"><strong>The test evidence needs JavaScript, which is off.<\/strong>[^<]*<\/p><\/noscript>/,
    );
  });

  it('groups an area’s tests in chunks the browser can skip while they are off screen', () => {
    const p = buildPredicate({ tests: Array.from({ length: CHUNK_SIZE * 2 + 7 }, () => ({ area: 'webhooks' as const })) });
    const page = render(p);
    expect([...areaSection(page, 'webhooks').matchAll(/<div class="chunk" data-n="(\d+)">/g)].map((m) => Number(m[1]))).toEqual([CHUNK_SIZE, CHUNK_SIZE, 7]);
    expect(island(page, 'rows-data').map((line) => (JSON.parse(line) as ChunkData)[1].length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, 7]);
    expect(pageTestIds(page)).toEqual(p.tests.map((t) => t.id));
  });

  it('says READY with no reasons when the record is ready', () => {
    const page = render(readyPredicate());
    expect(page).toContain('class="verdict v-ready"');
    expect(page).toMatch(/<\/span> READY<\/h2>/);
    expect(page).not.toContain('Why it is not ready');
    expect(page).toContain('<title>READY · 0gate · sandbox · launch evidence</title>');
  });

  it('lists every not-ready reason, linked to the test or area it comes from', () => {
    const p = mixedPredicate();
    const page = render(p);
    expect(page).toMatch(/<\/span> NOT READY<\/h2>/);
    expect(p.notReadyReasons.length).toBeGreaterThan(3);
    expect(page).toContain(`<a href="#reasons">${p.notReadyReasons.length} reasons</a> close the gate`);
    const listed = /<ol class="reasons">([\s\S]*?)<\/ol>/.exec(page)![1]!.split('</li>').slice(0, -1);
    expect(listed).toHaveLength(p.notReadyReasons.length);
    for (const [i, reason] of p.notReadyReasons.entries()) {
      const target = reason.testId ? `#test-${encodeURIComponent(reason.testId)}` : `#area-${reason.area}`;
      expect(listed[i]).toContain(`<li><a href="${target}">`);
      expect(listed[i]).toContain(`<code class="code">${reason.code}</code>`);
      if (reason.testId) expect(pageTestIds(page)).toContain(reason.testId);
      else expect(page).toContain(`id="${target.slice(1)}"`);
      if (reason.docs) expect(listed[i]).toContain(`<a class="fix" href="${reason.docs}">How to fix</a>`);
    }
  });

  it('links run-level reasons to the run, signature and sandbox facts', () => {
    const p = buildPredicate({
      environment: 'live',
      tests: AREAS.map((a) => ({ area: a.id })),
      run: {
        signer: { kind: 'ephemeral', keyid: 'e' },
        unhandledErrors: 2,
        filters: { testNamePattern: 'webhook', files: [], projects: [], tagsFilter: [], only: false },
      },
    });
    const page = render(p);
    expect(p.partial).toBe(true);
    expect(page).toMatch(/<a href="#run">2 unhandled error/);
    expect(page).toMatch(/<a href="#signature">a live record must be signed/);
    expect(page).toMatch(/<a href="#sandbox">a live run must link/);
    // Reasons that belong to no area are named in the verdict too (the checklist cannot show them), at most three.
    const verdict = page.slice(page.indexOf('<section class="verdict'), page.indexOf('</section>', page.indexOf('<section class="verdict')));
    expect(verdict.match(/<li><a href="#(run|signature|sandbox)">/g)).toHaveLength(3);
    expect(verdict).toContain('<li><a href="#reasons">and 1 more</a></li>');
    expect(page).toMatch(
      /<a href="#run">run narrowed by test name pattern webhook<\/a> <code class="code">NARROWED_TEST_NAME<\/code> <a class="fix" href="docs\/record.md#gate-integrity">How to fix<\/a>/,
    );
    expect(page).toContain('Partial run.');
    expect(page).toContain('<code>webhook</code>');
  });

  it('shows the nine areas in checklist order with each status and its counts', () => {
    const p = mixedPredicate();
    const shuffled = { ...p, areas: [...p.areas].reverse() };
    const page = render(shuffled);
    const order = [...page.matchAll(/<tr data-status="[a-z]+"><td class="num">(\d)<\/td><th scope="row"><a href="#area-([a-z]+)"/g)].map((m) => m[2]);
    // The checklist comes right after the verdict; the readiness table below it.
    expect(page.indexOf('<section id="checklist"')).toBeLessThan(page.indexOf('<section id="readiness"'));
    expect(page.indexOf('id="verdict"')).toBeLessThan(page.indexOf('<section id="checklist"'));
    expect(order).toEqual(AREAS.map((a) => a.id));
    const expected = { product: 'Passed', browser: 'Failed', origins: 'Incomplete', monitoring: 'Incomplete', support: 'Waived' };
    for (const [id, label] of Object.entries(expected)) {
      expect(checklistRow(page, id)).toContain(`<span class="b s-${label.toLowerCase()}">${label}</span>`);
    }
    expect(checklistRow(page, 'origins')).toContain('2 passed · 1 skipped');
    expect(checklistRow(page, 'support')).toContain('1 passed · 1 todo · 1 waived');
    for (const area of AREAS) expect(checklistRow(page, area.id)).toContain(area.checklist);
  });

  it('says plainly that an area without tests is incomplete', () => {
    const page = render(mixedPredicate());
    expect(checklistRow(page, 'monitoring')).toContain('no tests');
    expect(page).toContain('No test carries the tag <code>launch:monitoring</code>, so this area is incomplete.');
  });

  it('renders the LaunchReadiness fields in the documented order', () => {
    const page = render(mixedPredicate('live'));
    const fields = [...page.matchAll(/<tr><th scope="row"><code>([a-zA-Z]+)<\/code><\/th><td>/g)].map((m) => m[1]);
    expect(fields).toEqual(['productSurface', 'sandboxEvidenceId', 'webhookVerified', 'idempotencyVerified', 'monitoringVerified', 'complianceApproved']);
  });

  it('shows each test with state, location, duration, failure and evidence', () => {
    const page = render(mixedPredicate());
    expect(page).toMatch(/<details class="t" id="test-webhooks_a" data-state="failed"><summary><span class="b s-failed">failed<\/span><span class="tn">/);
    expect(page).toMatch(/id="test-webhooks_a"[\s\S]*?<span class="tm">specs\/webhooks.launch.test.ts:17:3 · \d+ ms<\/span>/);
    expect(page).toMatch(/<pre class="failure">AssertionError: accepted a forged delivery/);
    expect(page).not.toContain('\u001b[');
    const webhooks = evidenceOf(page, 'webhooks_9').flatMap(elements);
    expect(webhooks).toContainEqual(['pre.req', 'POST /webhooks/0bit\nwebhook-id: evt_9\nwebhook-signature: v1,Qm9n…[88 chars]']);
    expect(webhooks).toContainEqual(['pre.res', 'HTTP 400\n\n{"error":"invalid signature"}']);
    expect(webhooks).toContainEqual(['p.eg', 'HTTP probes (2)']);
    const failed = evidenceOf(page, 'webhooks_a').flatMap(elements);
    expect(failed[0]![0]).toBe('div.ev.ev-bad');
    const fix = ['a.fix', expect.stringMatching(/^docs\/webhooks\.md#toverifywebhooksignatures-/), 'How to fix'];
    expect(failed).toContainEqual(['p', ['b', 'forged signature'], ' ', ['span.b.s-failed', 'unexpected'], ' ', ['small', 'expected 4xx · 3 ms'], ' ', fix]);
    // The failing probe comes first; the block's heading links the same docs section.
    expect(failed.filter(([s]) => s === 'li.n' || s === 'li.y').map(([s]) => s)).toEqual(['li.n', 'li.y']);
    expect(failed.find(([s]) => s === 'p.ev-h')).toContainEqual(fix);
    expect(failed).toContainEqual(['p.eg', 'HTTP probes (1 failing of 2)']);
    const browser = evidenceOf(page, 'browser_5').flatMap(elements);
    expect(browser).toContainEqual([
      'li',
      ['b', 'secret_key'],
      ' ',
      ['code', 'sk_live_…9f2c'],
      ' in ',
      ['code', 'dist/assets/index-4f1a.js:1:18342'],
      ' ',
      ['small', 'delivered to every browser'],
    ]);
    expect(browser).toContainEqual(['li.y', ['b', 'files scanned'], ' ', ['small', '14 files, 2 source maps']]);
    expect(evidenceOf(page, 'idempotency_b').flatMap(elements)).toContainEqual([
      'dl.facts',
      ['dt', 'effects'],
      ['dd', ['code', '1']],
      ['dt', 'attempts'],
      ['dd', ['code', '5']],
    ]);
    // A passing test without a failure names no fix.
    expect(
      evidenceOf(page, 'webhooks_9')
        .flatMap(elements)
        .some(([s]) => s === 'a.fix'),
    ).toBe(false);
  });

  it('shows waivers on their tests, and flags ignored ones with the reason', () => {
    const page = render(mixedPredicate());
    expect(page).toMatch(/data-state="todo" data-waived=""><summary><span class="b s-todo">todo<\/span><span class="b s-waived">waived<\/span>/);
    expect(page).toContain('<dt>Justification</dt><dd>Support rota is published on launch day (OPS-142)</dd>');
    expect(page).toContain('<dt>Approved by</dt><dd>dana@example.com</dd>');
    expect(page).toContain('Waivers ignored (2)');
    expect(page).toContain('<span class="b s-failed">expired</span>');
    expect(page).toContain('<span class="b s-failed">malformed</span>');
    expect(page).toContain('<code class="break">{&quot;test&quot;:42}</code>');
  });

  it('puts a live record’s sandbox link beside the live results; a sandbox record has none', () => {
    const live = render(mixedPredicate('live'));
    expect(live).toContain('<section id="sandbox"');
    expect(live).toContain('sha256:5d41402abc4b2a76b9719d911017c592b6a1f5e9c0d8f7e6a5b4c3d2e1f00112');
    expect(live).toContain('<span class="b s-passed">matches live</span>');
    expect(live).toContain('<time datetime="2026-11-26T16:02:11.000Z">2026-11-26 16:02:11 UTC</time>');
    expect(live).toContain('Sandbox and live, per area');
    const withAreas = mixedPredicate('live');
    withAreas.sandboxRecord = { ...withAreas.sandboxRecord!, areas: [{ id: 'webhooks', status: 'waived' }] };
    expect(render(withAreas)).toMatch(/Webhooks<\/a><\/th><td><span class="b s-waived">Waived<\/span><\/td><td><span class="b s-failed">Failed<\/span>/);
    expect(render(mixedPredicate('sandbox'))).not.toContain('<section id="sandbox"');
    const unlinked = render(buildPredicate({ environment: 'live', tests: AREAS.map((a) => ({ area: a.id })) }));
    expect(unlinked).toContain('No sandbox record was linked.');
  });

  it('shows run facts and the signature with the exact verify command', () => {
    const page = render(readyPredicate());
    for (const text of ['run_7c1e9a4b2f', '4.1.12', 'v20.20.2', '3f9c2a71d8e44b0a9c6e5f1b2d7a8c9e0f1a2b3c', `sha256:${'d'.repeat(64)}`, 'k'.repeat(64)]) {
      expect(page).toContain(text);
    }
    expect(page).toContain('<code id="verify-cmd">npx 0bit-launch verify launch-evidence/launch-record.json --key launch.pub.pem</code>');
    const ephemeral = buildPredicate({ tests: [{ area: 'product' }], run: { signer: { kind: 'ephemeral', keyid: 'e' } } });
    expect(render(ephemeral)).toContain('verify launch-evidence/launch-record.json --key launch-evidence/launch-signing.pub.pem<');
    expect(render(ephemeral, { recordPath: 'out dir/rec.json', publicKeyPath: "it's.pem" })).toContain(
      `verify &#39;out dir/rec.json&#39; --key &#39;it&#39;\\&#39;&#39;s.pem&#39;`,
    );
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('allows only its own inline script and style, by hash, and loads nothing', () => {
    const page = render(mixedPredicate());
    const csp = contentSecurityPolicy();
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp.replaceAll("'", '&#39;')}">`);
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).not.toContain('unsafe');
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const hash = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    // Nothing is loaded from anywhere; the only links are anchors on the page and docs links a reader follows.
    expect(page).not.toMatch(/\bsrc="/);
    expect(
      [...page.matchAll(/<(\w+)[^>]*\bhref="([^"#][^"]*)"/g)].filter(
        ([, tag, href]) => !(tag === 'a' && href!.startsWith('docs/')) && !(tag === 'link' && href!.startsWith('data:')),
      ),
    ).toEqual([]);
    expect(page).not.toMatch(/ style="/);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|eval\(|Function\(/);
  });

  it('is a pure function of its input', () => {
    expect(render(mixedPredicate('live'))).toBe(render(mixedPredicate('live')));
  });

  it('handles a record that is not ready but names no reason', () => {
    const p = { ...readyPredicate(), ready: false };
    expect(render(p)).toContain('The record is not ready but names no reason.');
  });
});

describe('element trees', () => {
  it('leave out empty children and keep text as given', () => {
    expect(el('p', '', false, undefined, 'a', el('b', '<x>'), ' ')).toEqual(['p', 'a', ['b', '<x>'], ' ']);
  });

  it('are written one JSON value a line that no HTML parser can break out of', () => {
    const values = [['a\nb', '</script><!--'], [], ['\u2028\r']];
    const written = values.map(jsonLine).join('\n');
    expect(written).not.toMatch(/</);
    expect(written.split('\n').map((line) => JSON.parse(line))).toEqual(values);
  });
});
