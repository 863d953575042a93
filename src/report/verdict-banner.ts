import type { LaunchPredicate, NotReadyReason } from '../record/schema.js';
import { docsLink } from './docs-links.js';
import { formatTime, grouped, okBadge, plural } from './format.js';
import { fragment, html, type Markup } from './markup.js';
import { areaAnchor, testAnchor } from './page-contract.js';

/** Where a reason's evidence is on the page: its test, else its area, else the run or signature facts. */
export function reasonTarget(reason: NotReadyReason, testIds: ReadonlySet<string>): string {
  if (reason.testId !== undefined && testIds.has(reason.testId)) return fragment(testAnchor(reason.testId));
  if (reason.area) return fragment(areaAnchor(reason.area));
  if (reason.code === 'UNSIGNED_LIVE') return '#signature';
  if (reason.code.startsWith('SANDBOX_')) return '#sandbox';
  return '#run';
}

function areaTally(p: LaunchPredicate): string {
  const order = ['passed', 'waived', 'incomplete', 'failed'] as const;
  return order
    .map((s) => [s, p.areas.filter((a) => a.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(' · ');
}

function testTally(p: LaunchPredicate): string {
  const c = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  for (const t of p.tests) c[t.state]++;
  const parts = Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${grouped(n)} ${s}`);
  return `${plural(p.tests.length, 'test')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** Reasons that belong to no area (narrowing, signing, the sandbox link, errors): the checklist cannot show them. */
const runLevel = (p: LaunchPredicate): NotReadyReason[] => p.notReadyReasons.filter((r) => r.area === undefined);

/**
 * The first thing a reader sees: the verdict and its facts in a few lines, so the nine-area
 * checklist fits below it on the first screen. Every reason is listed after the checklist;
 * the ones the checklist cannot show (they belong to no area) are named here too.
 */
export function renderVerdict(p: LaunchPredicate): Markup {
  const testIds = new Set(p.tests.map((t) => t.id));
  const word = p.ready ? 'READY' : 'NOT READY';
  const signer = p.run.signer.kind === 'configured' ? 'a configured key' : 'an ephemeral key';
  const run = runLevel(p);
  const shown = run.slice(0, 3);
  const why = p.ready
    ? html`<p class="verdict-why">Every checklist area passed or carries a valid waiver, the whole suite ran without errors, and the record is signed with ${signer}${p.environment === 'live' ? ' and linked to a ready sandbox record' : ''}.</p>`
    : html`<p class="verdict-why">${p.notReadyReasons.length ? html`<a href="#reasons">${plural(p.notReadyReasons.length, 'reason')}</a> close the gate` : 'The record is not ready but names no reason'}${run.length ? ', among them:' : '; the checklist shows where.'}</p>
      ${shown.length ? html`<ul class="run-reasons">${shown.map((r) => html`<li><a href="${reasonTarget(r, testIds)}">${r.message}</a> <code class="code">${r.code}</code></li>`)}${run.length > shown.length ? html`<li><a href="#reasons">and ${run.length - shown.length} more</a></li>` : ''}</ul>` : ''}`;
  const surface = p.productSurface === null ? okBadge(false, '', 'not configured') : html`<code>${p.productSurface}</code>`;
  return html`<section class="verdict ${p.ready ? 'v-ready' : 'v-not'}" aria-labelledby="verdict-h">
    <div class="verdict-top">
      <h2 id="verdict-h" class="verdict-word"><span class="sr-only">Launch verdict: </span><span aria-hidden="true">${p.ready ? '✓' : '✕'}</span> ${word}</h2>
      <dl class="verdict-meta">
        <div><dt>Environment</dt><dd><span class="env env-${p.environment}">${p.environment}</span></dd></div>
        <div><dt>Product surface</dt><dd>${surface}</dd></div>
        <div><dt>Areas</dt><dd>${areaTally(p)}</dd></div>
        <div><dt>Tests</dt><dd>${testTally(p)}</dd></div>
        <div><dt>Finished</dt><dd>${formatTime(p.run.finishedAt)}</dd></div>
      </dl>
    </div>
    ${p.partial ? html`<p class="partial"><strong>Partial run.</strong> The run was narrowed, so this record covers only part of the suite and can never be ready.</p>` : ''}
    ${why}
  </section>`;
}

/** The docs section for a reason: the record's own, or the rule it names when the record gives none. */
function reasonDocs(r: NotReadyReason): string | undefined {
  if (r.docs) return r.docs;
  if (r.code === 'EVIDENCE_CONTRADICTED') return 'docs/record.md#contradictions';
  if (r.code.startsWith('NARROWED_') || r.code.startsWith('SHARD_')) return 'docs/record.md#gate-integrity';
  return undefined;
}

/** Every reason the gate is closed, each linked to where its evidence is and, where the docs have one, to the section that says how to fix it. */
export function renderReasons(p: LaunchPredicate): Markup {
  const testIds = new Set(p.tests.map((t) => t.id));
  if (p.notReadyReasons.length === 0) return html`<p>The record is not ready but names no reason.</p>`;
  return html`<ol class="reasons">${p.notReadyReasons.map(
    (r) => html`<li><a href="${reasonTarget(r, testIds)}">${r.message}</a> <code class="code">${r.code}</code> ${docsLink(reasonDocs(r), 'How to fix')}</li>`,
  )}</ol>`;
}
