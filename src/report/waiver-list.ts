import type { LaunchPredicate } from '../record/schema.js';
import { badge } from './format.js';
import { fragment, html, type Markup } from './markup.js';
import { testAnchor } from './page-contract.js';

/** `expired: 2025-01-01 is before …` → `expired`: the waiver loader's reasons lead with their kind. */
export function ignoredKind(reason: string): string {
  const match = /^([a-z]+):/.exec(reason);
  return match ? match[1]! : 'ignored';
}

function field(waiver: unknown, key: string): string | undefined {
  if (waiver === null || typeof waiver !== 'object') return undefined;
  const value = (waiver as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** An ignored waiver is whatever the waiver file held, possibly malformed: show its fields, or its JSON. */
function ignoredWaiver(waiver: unknown): Markup {
  const test = field(waiver, 'test');
  if (test === undefined) return html`<code class="break">${JSON.stringify(waiver) ?? String(waiver)}</code>`;
  return html`<span class="tn">${test}</span>`;
}

export function renderWaivers(p: LaunchPredicate): Markup {
  const testIds = new Set(p.tests.map((t) => t.id));
  const used = p.waivers.used.length
    ? html`<table class="grid">
        <caption>Waivers applied (${p.waivers.used.length})</caption>
        <thead><tr><th scope="col">Test</th><th scope="col">Justification</th><th scope="col">Approved by</th><th scope="col">Expires</th></tr></thead>
        <tbody>${p.waivers.used.map(
          (w) =>
            html`<tr><th scope="row">${testIds.has(w.testId) ? html`<a href="${fragment(testAnchor(w.testId))}">${w.test}</a>` : w.test}</th><td>${w.justification}</td><td>${w.approvedBy}</td><td class="nowrap">${w.expires}</td></tr>`,
        )}</tbody>
      </table>`
    : html`<p class="muted">No waiver was applied in this run.</p>`;
  const ignored = p.waivers.ignored.length
    ? html`<table class="grid ignored">
        <caption>Waivers ignored (${p.waivers.ignored.length}): these did not excuse anything</caption>
        <thead><tr><th scope="col">Flag</th><th scope="col">Waiver for</th><th scope="col">Justification</th><th scope="col">Approved by</th><th scope="col">Expires</th><th scope="col">Why it was ignored</th></tr></thead>
        <tbody>${p.waivers.ignored.map(
          (i) =>
            html`<tr><td>${badge('failed', ignoredKind(i.reason))}</td><th scope="row">${ignoredWaiver(i.waiver)}</th><td>${field(i.waiver, 'justification') ?? '—'}</td><td>${field(i.waiver, 'approvedBy') ?? '—'}</td><td class="nowrap">${field(i.waiver, 'expires') ?? '—'}</td><td>${i.reason}</td></tr>`,
        )}</tbody>
      </table>`
    : '';
  return html`${used}${ignored}`;
}
