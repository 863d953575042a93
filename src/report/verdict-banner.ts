import type { LaunchPredicate, NotReadyReason } from '../record/schema.js';
import { formatTime, plural } from './format.js';
import { fragment, html, type Markup } from './markup.js';

export const areaAnchor = (area: string): string => `area-${area}`;
export const testAnchor = (testId: string): string => `test-${testId}`;

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
  const parts = Object.entries(c).filter(([, n]) => n > 0).map(([s, n]) => `${n.toLocaleString('en-US')} ${s}`);
  return `${plural(p.tests.length, 'test')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The first thing a reader sees: the verdict, where it holds, and why not when it does not. */
export function renderVerdict(p: LaunchPredicate): Markup {
  const testIds = new Set(p.tests.map((t) => t.id));
  const word = p.ready ? 'READY' : 'NOT READY';
  const reasons = p.notReadyReasons.map(
    (r) => html`<li><a href="${reasonTarget(r, testIds)}">${r.message}</a> <code class="code">${r.code}</code></li>`,
  );
  const signer = p.run.signer.kind === 'configured' ? 'a configured key' : 'an ephemeral key';
  return html`<section class="verdict ${p.ready ? 'v-ready' : 'v-not'}" aria-labelledby="verdict-h">
    <div class="verdict-top">
      <div>
        <p class="eyebrow">Launch verdict</p>
        <h2 id="verdict-h" class="verdict-word"><span aria-hidden="true">${p.ready ? '✓' : '✕'}</span> ${word}</h2>
        ${p.partial ? html`<p class="partial"><strong>Partial run.</strong> The run was narrowed, so this record covers only part of the suite and can never be ready.</p>` : ''}
      </div>
      <dl class="verdict-meta">
        <div><dt>Environment</dt><dd><span class="env env-${p.environment}">${p.environment}</span></dd></div>
        <div><dt>Product surface</dt><dd><code>${p.readiness.productSurface}</code></dd></div>
        <div><dt>Areas</dt><dd>${areaTally(p)}</dd></div>
        <div><dt>Tests</dt><dd>${testTally(p)}</dd></div>
        <div><dt>Finished</dt><dd>${formatTime(p.run.finishedAt)}</dd></div>
      </dl>
    </div>
    ${p.ready
      ? html`<p class="verdict-why">Every checklist area passed or carries a valid waiver, the whole suite ran without errors, and the record is signed with ${signer}${p.environment === 'live' ? ' and linked to a ready sandbox record' : ''}.</p>`
      : reasons.length
        ? html`<div class="reasons"><h3>Why it is not ready (${reasons.length})</h3><ol>${reasons}</ol></div>`
        : html`<div class="reasons"><h3>Why it is not ready</h3><p>The record is not ready but names no reason.</p></div>`}
  </section>`;
}
