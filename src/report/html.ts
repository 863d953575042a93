import { createHash } from 'node:crypto';
import { AREA_IDS, type AreaId } from '../areas.js';
import type { LaunchPredicate, TestResult } from '../record/schema.js';
import { orderTests, renderAreaSection } from './area-sections.js';
import { renderChecklist, renderReadiness } from './checklist.js';
import { jsonLine } from './element-tree.js';
import { plural, testBadge } from './format.js';
import { html, raw, type Markup } from './markup.js';
import { pageScript } from './page-bundle.js';
import { CHUNK_SIZE, IDS, SHOW_EXTRA } from './page-contract.js';
import { PAGE_STYLE } from './page-style.js';
import { defaultPublicKeyPath, renderRunFacts, renderSignature, verifyCommand } from './run-facts.js';
import { renderSandboxPanel } from './sandbox-panel.js';
import { dataIsland } from './data-island.js';
import { chunkData, EvidenceLines } from './test-data.js';
import { renderReasons, renderVerdict } from './verdict-banner.js';
import { renderWaivers } from './waiver-list.js';

export interface ReportInput {
  predicate: LaunchPredicate;
  keyid: string;
  /** sha256 of the DSSE payload bytes. */
  payloadDigest: string;
  /** Record file name as the verify command should name it. */
  recordPath: string;
  /**
   * Public key file the verify command should name. Defaults to the ephemeral key's
   * `launch-signing.pub.pem` beside the record, or `launch.pub.pem` for a configured key.
   */
  publicKeyPath?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

let csp: string | undefined;

/**
 * Nothing may load from anywhere: the only script and stylesheet are the inline ones,
 * allowed by hash (no 'unsafe-inline'), and images only as data: URLs (the favicon).
 */
export function contentSecurityPolicy(): string {
  csp ??= [
    "default-src 'none'",
    `script-src 'sha256-${sha256(pageScript())}'`,
    `style-src 'sha256-${sha256(PAGE_STYLE)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return csp;
}

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%234f46e5'/%3E%3Cpath d='M4 8.5l2.5 2.5L12 5' stroke='white' stroke-width='2' fill='none'/%3E%3C/svg%3E";

const areaOrder = (id: AreaId): number => AREA_IDS.indexOf(id);

function testsByArea(tests: readonly TestResult[]): Map<AreaId, TestResult[]> {
  const byArea = new Map<AreaId, TestResult[]>(AREA_IDS.map((id) => [id, []]));
  for (const t of tests) byArea.get(t.area)!.push(t);
  return byArea;
}

const SHOW_OPTIONS: ReadonlyArray<[string, string]> = [
  ['failed', 'Failed'],
  ['passed', 'Passed'],
  ['skipped', 'Skipped'],
  ['todo', 'Todo'],
  [SHOW_EXTRA.waived, 'Waived'],
  [SHOW_EXTRA.unsupported, 'Passed without evidence'],
  [SHOW_EXTRA.contradicts, 'Contradicting evidence'],
  [SHOW_EXTRA.flaky, 'Flaky'],
];

function toolbar(p: LaunchPredicate): Markup {
  return html`<div class="toolbar" role="search" aria-label="Filter tests">
    <label>Search<input type="search" id="${IDS.text}" placeholder="Test name, file, message, matcher…" autocomplete="off" spellcheck="false"></label>
    <label>Area<select id="${IDS.area}"><option value="">All areas</option>${p.areas.map((a) => html`<option value="${a.id}">${a.title}</option>`)}</select></label>
    <label>Show<select id="${IDS.show}"><option value="">All tests</option>${SHOW_OPTIONS.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></label>
    <div class="actions">
      <button type="button" class="btn" id="${IDS.expand}">Expand all</button>
      <button type="button" class="btn" id="${IDS.collapse}">Collapse all</button>
      <button type="button" class="btn" id="${IDS.reset}">Clear filters</button>
    </div>
  </div>
  <noscript><p class="nojs"><strong>The test evidence needs JavaScript, which is off.</strong> The verdict, the checklist, every area's evidence profile and the tests that need attention (failed, skipped, contradicting, retried or waived), with their failure messages and waivers, are shown; the passing tests, the requests and responses, findings and checks the matchers recorded are built by this page's script. They are all in the signed record.</p></noscript>
  <p class="count" id="${IDS.count}" role="status">${plural(p.tests.length, 'test')}</p>
  <p class="no-match" id="${IDS.none}" hidden>No test matches the filter.</p>`;
}

function untagged(p: LaunchPredicate): Markup | '' {
  if (p.untagged.length === 0) return '';
  return html`<section id="untagged" aria-labelledby="untagged-h">
    <h2 id="untagged-h">Tests without a launch tag</h2>
    <p class="lead">These ran but carry no <code>launch:&lt;area&gt;</code> tag, so they count toward no area.</p>
    <table class="grid"><caption class="sr-only">Untagged tests</caption>
      <thead><tr><th scope="col">Test</th><th scope="col">File</th><th scope="col">State</th></tr></thead>
      <tbody>${p.untagged.map((t) => html`<tr><th scope="row" class="tn">${t.fullName}</th><td><code>${t.file}</code></td><td>${testBadge(t.state)}</td></tr>`)}</tbody>
    </table>
  </section>`;
}

function section(id: string, title: string, body: Markup | Markup[], lead?: string): Markup {
  return html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${lead ? html`<p class="lead">${lead}</p>` : ''}${body}</section>`;
}

/**
 * The evidence report: one self-contained page rendered from the signed predicate and
 * the envelope's key id and digest only, so re-rendering any record gives the same page
 * and the page can never say more than the record.
 */
export function renderReport(input: ReportInput): string {
  return [...renderReportChunks(input)].join('');
}

const AREAS_SLOT = '\u0000areas\u0000';
const DATA_SLOT = '\u0000data\u0000';

/**
 * The same page as `renderReport`, in pieces: the frame, each area's section, then the
 * evidence and the rows, deflated. A writer that writes each piece as it comes never holds
 * the whole page at once, which keeps the end of a large run lean.
 */
export function* renderReportChunks(input: ReportInput): Generator<string> {
  const source = input.predicate;
  const p: LaunchPredicate = { ...source, areas: [...source.areas].sort((a, b) => areaOrder(a.id) - areaOrder(b.id)) };
  const byArea = testsByArea(p.tests);
  const areaTests = p.areas.map((a) => orderTests(byArea.get(a.id) ?? []));
  const names = new Map(p.tests.map((t) => [t.id, t.fullName]));
  const [head, afterAreas] = pageFrame(p, input).value.split(AREAS_SLOT) as [string, string];
  const [middle, tail] = afterAreas.split(DATA_SLOT) as [string, string];
  yield head;
  for (let i = 0; i < p.areas.length; i++) yield renderAreaSection(p.areas[i]!, i, areaTests[i]!, names).value;
  yield middle;
  yield* dataIslands(areaTests);
  yield tail;
}

/** The page around the areas and the data, with a slot for each. */
function pageFrame(p: LaunchPredicate, input: ReportInput): Markup {
  const live = p.environment === 'live';
  const publicKeyPath = input.publicKeyPath ?? defaultPublicKeyPath(input.recordPath, p.run.signer.kind);
  const command = verifyCommand(input.recordPath, publicKeyPath);
  const title = `${p.ready ? 'READY' : 'NOT READY'} · ${p.readiness.productSurface} · ${p.environment} · launch evidence`;
  const nav: Array<[string, string]> = [
    ['verdict', 'Verdict'],
    ['checklist', 'Checklist'],
    ...(p.ready ? [] : [['reasons', 'Why not ready'] as [string, string]]),
    ['readiness', 'Readiness'],
    ...(live ? [['sandbox', 'Sandbox evidence'] as [string, string]] : []),
    ['evidence', 'Evidence by area'],
    ['waivers', 'Waivers'],
    ...(p.untagged.length ? [['untagged', 'Untagged tests'] as [string, string]] : []),
    ['run', 'Run'],
    ['signature', 'Signature'],
  ];

  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<link rel="icon" href="${FAVICON}">
<style>${raw(PAGE_STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header class="top"><div class="top-in">
  <div class="brand"><span class="logo" aria-hidden="true">0b</span><h1>Launch evidence report</h1></div>
  <p class="src">Rendered from <code>${input.recordPath}</code></p>
</div></header>
<nav class="toc" aria-label="Report sections"><ul>${nav.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}</ul></nav>
<main id="main" class="wrap">
  <div id="verdict">${renderVerdict(p)}</div>
  ${section('checklist', 'Checklist', renderChecklist(p))}
  ${p.ready ? '' : section('reasons', 'Why it is not ready', renderReasons(p))}
  ${section('readiness', 'Readiness', renderReadiness(p))}
  ${live ? section('sandbox', 'Sandbox evidence', renderSandboxPanel(p), 'A live launch stands on a ready sandbox record; this is the link this record holds.') : ''}
  ${section('evidence', 'Evidence by area', [toolbar(p), raw(AREAS_SLOT)], 'Each area’s evidence profile and tests: failed and contradicting tests first, each with its state, support, location and the evidence its matchers recorded (redacted before it was recorded). Open a test to inspect it.')}
  ${section('waivers', 'Waivers', renderWaivers(p))}
  ${untagged(p)}
  ${section('run', 'Run', renderRunFacts(p))}
  ${section('signature', 'Signature', renderSignature(p, input.keyid, input.payloadDigest, command))}
</main>
<footer><div class="wrap">Rendered by 0bit-launch ${p.run.versions.plugin} from the signed predicate alone: this page claims nothing the record does not. The record, not this page, is the evidence.</div></footer>
${raw(DATA_SLOT)}
<script>${raw(pageScript())}</script>
</body>
</html>
`;
}

/** Evidence lines in the order first met, then one line of rows per chunk: the rows name their evidence line. */
function* dataIslands(areaTests: readonly TestResult[][]): Generator<string> {
  const evidence = new EvidenceLines();
  const evidenceLines: string[] = [];
  const rowLines: string[] = [];
  for (const tests of areaTests) {
    for (let i = 0; i < tests.length; i += CHUNK_SIZE) {
      const indices = new Map<TestResult, number>();
      for (const t of tests.slice(i, i + CHUNK_SIZE)) {
        const { index, line } = evidence.add(t);
        if (line !== undefined) evidenceLines.push(line);
        indices.set(t, index);
      }
      rowLines.push(jsonLine(chunkData(tests.slice(i, i + CHUNK_SIZE), (t) => indices.get(t)!)));
    }
  }
  yield dataIsland(IDS.evidence, evidenceLines);
  yield '\n';
  yield dataIsland(IDS.rows, rowLines);
}
