import { createHash } from 'node:crypto';
import { AREA_IDS, type AreaId } from '../areas.js';
import type { LaunchPredicate, TestResult } from '../record/schema.js';
import { evidenceData, renderAreaSection } from './area-sections.js';
import { renderChecklist, renderReadiness } from './checklist.js';
import { jsonLines } from './element-tree.js';
import { plural, testBadge } from './format.js';
import { html, raw, type Markup } from './markup.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { defaultPublicKeyPath, renderRunFacts, renderSignature, verifyCommand } from './run-facts.js';
import { renderSandboxPanel } from './sandbox-panel.js';
import { renderVerdict } from './verdict-banner.js';
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

/**
 * Nothing may load from anywhere: the only script and stylesheet are the inline ones,
 * allowed by hash (no 'unsafe-inline'), and images only as data: URLs (the favicon).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(PAGE_SCRIPT)}'`,
  `style-src 'sha256-${sha256(PAGE_STYLE)}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%234f46e5'/%3E%3Cpath d='M4 8.5l2.5 2.5L12 5' stroke='white' stroke-width='2' fill='none'/%3E%3C/svg%3E";

const areaOrder = (id: AreaId): number => AREA_IDS.indexOf(id);

function testsByArea(tests: readonly TestResult[]): Map<AreaId, TestResult[]> {
  const byArea = new Map<AreaId, TestResult[]>(AREA_IDS.map((id) => [id, []]));
  for (const t of tests) byArea.get(t.area)!.push(t);
  return byArea;
}

function toolbar(p: LaunchPredicate): Markup {
  const states = ['failed', 'passed', 'skipped', 'todo', 'waived'];
  return html`<div class="toolbar" role="search" aria-label="Filter tests">
    <label>Search<input type="search" id="f-text" placeholder="Test name, file, message, matcher…" autocomplete="off" spellcheck="false"></label>
    <label>Area<select id="f-area"><option value="">All areas</option>${p.areas.map((a) => html`<option value="${a.id}">${a.title}</option>`)}</select></label>
    <label>State<select id="f-state"><option value="">All states</option>${states.map((s) => html`<option value="${s}">${s[0]!.toUpperCase()}${s.slice(1)}</option>`)}</select></label>
    <div class="actions">
      <button type="button" class="btn" id="f-open">Expand all</button>
      <button type="button" class="btn" id="f-close">Collapse all</button>
      <button type="button" class="btn" id="f-reset">Clear filters</button>
    </div>
  </div>
  <noscript><p class="nojs"><strong>The test evidence needs JavaScript, which is off.</strong> Opening a test here shows its state, failure message and waiver; the requests and responses, findings and checks its matchers recorded are built by this page's script. They are all in the signed record.</p></noscript>
  <p class="count" id="f-count" role="status">${plural(p.tests.length, 'test')}</p>
  <p class="no-match" id="f-none" hidden>No test matches the filter.</p>`;
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
const EVIDENCE_SLOT = '\u0000evidence\u0000';

/**
 * The same page as `renderReport`, in pieces: the frame, then each area's tests, then each
 * area's evidence lines. A writer that writes each piece as it comes never holds the whole
 * page's intermediate markup at once, which keeps the end of a large run lean.
 */
export function* renderReportChunks(input: ReportInput): Generator<string> {
  const source = input.predicate;
  const p: LaunchPredicate = { ...source, areas: [...source.areas].sort((a, b) => areaOrder(a.id) - areaOrder(b.id)) };
  const byArea = testsByArea(p.tests);
  const areaTests = p.areas.map((a) => byArea.get(a.id) ?? []);
  const live = p.environment === 'live';
  const publicKeyPath = input.publicKeyPath ?? defaultPublicKeyPath(input.recordPath, p.run.signer.kind);
  const command = verifyCommand(input.recordPath, publicKeyPath);
  const title = `${p.ready ? 'READY' : 'NOT READY'} · ${p.readiness.productSurface} · ${p.environment} · launch evidence`;
  const nav: Array<[string, string]> = [
    ['verdict', 'Verdict'],
    ['readiness', 'Readiness'],
    ['checklist', 'Checklist'],
    ...(live ? [['sandbox', 'Sandbox evidence'] as [string, string]] : []),
    ['evidence', 'Evidence by area'],
    ['waivers', 'Waivers'],
    ...(p.untagged.length ? [['untagged', 'Untagged tests'] as [string, string]] : []),
    ['run', 'Run'],
    ['signature', 'Signature'],
  ];

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
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
  ${section('readiness', 'Readiness', renderReadiness(p))}
  ${section('checklist', 'Checklist', renderChecklist(p), 'The nine rows of the launch checklist. Passed is verified; waived is allowed through the gate but never called verified.')}
  ${live ? section('sandbox', 'Sandbox evidence', renderSandboxPanel(p), 'A live launch stands on a ready sandbox record; this is the link this record holds.') : ''}
  ${section('evidence', 'Evidence by area', [toolbar(p), raw(AREAS_SLOT)], 'Each test with its state, location and the evidence its matchers recorded (redacted before it was recorded). Open a test to inspect it.')}
  ${section('waivers', 'Waivers', renderWaivers(p))}
  ${untagged(p)}
  ${section('run', 'Run', renderRunFacts(p))}
  ${section('signature', 'Signature', renderSignature(p, input.keyid, input.payloadDigest, command))}
</main>
<footer><div class="wrap">Rendered by 0bit-launch ${p.run.versions.plugin} from the signed predicate alone: this page claims nothing the record does not. The record, not this page, is the evidence.</div></footer>
<script type="application/json" id="evidence-data">${raw(EVIDENCE_SLOT)}</script>
<script>${raw(PAGE_SCRIPT)}</script>
</body>
</html>
`;
  const [head, afterAreas] = page.value.split(AREAS_SLOT) as [string, string];
  const [middle, tail] = afterAreas.split(EVIDENCE_SLOT) as [string, string];
  yield head;
  for (let i = 0; i < p.areas.length; i++) yield renderAreaSection(p.areas[i]!, i, areaTests[i]!).value;
  yield middle;
  // One JSON line per test in page order, the lines of consecutive areas joined by a newline.
  let first = true;
  for (const tests of areaTests) {
    if (tests.length === 0) continue;
    yield (first ? '' : '\n') + jsonLines(evidenceData(tests)).value;
    first = false;
  }
  yield tail;
}
