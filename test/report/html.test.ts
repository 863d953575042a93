import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../src/areas.js';
import { launchPredicateSchema, type LaunchPredicate } from '../../src/record/schema.js';
import { CONTENT_SECURITY_POLICY, renderReport, type ReportInput } from '../../src/report/html.js';
import { shellQuote } from '../../src/report/run-facts.js';
import { buildPredicate, mixedPredicate, readyPredicate, XSS_NAME, XSS_SCRIPT } from './fixtures.js';

const render = (predicate: LaunchPredicate, extra: Partial<ReportInput> = {}): string =>
  renderReport({ predicate, keyid: 'k'.repeat(64), payloadDigest: 'd'.repeat(64), recordPath: 'launch-evidence/launch-record.json', ...extra });

/** The checklist row of an area, by its link to the area's section. */
function checklistRow(page: string, areaId: string): string {
  const rows = page.split('<tr data-status=').slice(1);
  return rows.find((r) => r.includes(`href="#area-${areaId}"`)) ?? '';
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
    p.tests[0]!.evidence.push({
      matcher: '<b>toX</b>', area: 'product', pass: true, negated: false, summary: XSS_SCRIPT,
      probes: [{ name: '"><svg onload=alert(1)>', expected: '2xx', ok: true, request: { method: 'GET', path: '/?q=<script>', headers: { 'x-a': '<i>' } }, response: { status: 200, body: '</pre><script>alert(1)</script>' }, durationMs: 1 }],
      findings: [{ kind: 'email', masked: '<u>a…@x</u>', file: 'a"b.js' }], checks: [{ name: '<em>c</em>', ok: false, detail: '&amp;' }], details: { '<k>': '<v>' },
    });
    const page = render(p);
    expect(page).not.toContain(XSS_NAME);
    expect(page).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(page).not.toMatch(/<script>window|<svg onload|<b>toX|<em>c|<u>a|<k>|<i>|<script>alert/);
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page).toContain('&amp;amp;');
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
    for (const reason of p.notReadyReasons) {
      const target = reason.testId ? `#test-${encodeURIComponent(reason.testId)}` : `#area-${reason.area}`;
      expect(page).toContain(`<li><a href="${target}">`);
      expect(page).toContain(`<code class="code">${reason.code}</code>`);
      expect(page).toContain(`id="${target.slice(1)}"`);
    }
  });

  it('links run-level reasons to the run, signature and sandbox facts', () => {
    const p = buildPredicate({
      environment: 'live',
      tests: AREAS.map((a) => ({ area: a.id })),
      run: { signer: { kind: 'ephemeral', keyid: 'e' }, unhandledErrors: 2, filters: { testNamePattern: 'webhook', files: [], tagsFilter: [], only: false } },
    });
    const page = render(p);
    expect(p.partial).toBe(true);
    expect(page).toMatch(/<a href="#run">2 unhandled error/);
    expect(page).toMatch(/<a href="#signature">a live record must be signed/);
    expect(page).toMatch(/<a href="#sandbox">a live run must link/);
    expect(page).toContain('Partial run.');
    expect(page).toContain('<code>webhook</code>');
  });

  it('shows the nine areas in checklist order with each status and its counts', () => {
    const p = mixedPredicate();
    const shuffled = { ...p, areas: [...p.areas].reverse() };
    const page = render(shuffled);
    const order = [...page.matchAll(/<tr data-status="[a-z]+"><td class="num">(\d)<\/td><th scope="row"><a href="#area-([a-z]+)"/g)].map((m) => m[2]);
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
    expect(page).toMatch(/<details class="t" id="test-webhooks_a" data-state="failed"><summary><span class="b s-failed">failed<\/span>/);
    expect(page).toContain('<code>specs/webhooks.launch.test.ts:17:3</code>');
    expect(page).toMatch(/<pre class="failure">AssertionError: accepted a forged delivery/);
    expect(page).not.toContain('\u001b[');
    expect(page).toContain('<pre class="req">POST /webhooks/0bit\nwebhook-id: evt_9');
    expect(page).toContain('<pre class="res">HTTP 400\n\n{&quot;error&quot;:&quot;invalid signature&quot;}</pre>');
    expect(page).toContain('<code>sk_live_…9f2c</code> in <code>dist/assets/index-4f1a.js:1:18342</code>');
    expect(page).toContain('<li class="y"><b>files scanned</b> <small>14 files, 2 source maps</small></li>');
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
    for (const text of ['run_7c1e9a4b2f', '4.1.12', 'v20.20.2', '3f9c2a71d8e44b0a9c6e5f1b2d7a8c9e0f1a2b3c', 'sha256:' + 'd'.repeat(64), 'k'.repeat(64)]) {
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
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}">`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; /);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    const script = /<script>([\s\S]*)<\/script>/.exec(page)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const hash = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/ style="/);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('is a pure function of its input', () => {
    expect(render(mixedPredicate('live'))).toBe(render(mixedPredicate('live')));
  });

  it('handles a record that is not ready but names no reason', () => {
    const p = { ...readyPredicate(), ready: false };
    expect(render(p)).toContain('The record is not ready but names no reason.');
  });
});
