import type { AreaResult, Counts, LaunchPredicate, LaunchReadiness } from '../record/schema.js';
import { docsHref } from './docs-links.js';
import { areaBadge, grouped, okBadge, plural } from './format.js';
import { fragment, html, type Markup } from './markup.js';
import { areaAnchor } from './page-contract.js';

/** What each documented `LaunchReadiness` field stands for, in the type's own order. */
const READINESS_FIELDS: ReadonlyArray<{ field: keyof LaunchReadiness; meaning: string }> = [
  { field: 'productSurface', meaning: 'The product surface this flow launches on.' },
  { field: 'sandboxEvidenceId', meaning: 'Digest of the linked, verified and ready sandbox record (live runs only).' },
  { field: 'webhookVerified', meaning: 'True only when the Webhooks area passed.' },
  { field: 'idempotencyVerified', meaning: 'True only when the Idempotency area passed.' },
  { field: 'monitoringVerified', meaning: 'True only when the Monitoring area passed.' },
  { field: 'complianceApproved', meaning: 'True only when Product surface and Availability passed and the surface is launchable or approved.' },
];

function readinessValue(value: LaunchReadiness[keyof LaunchReadiness]): Markup {
  if (typeof value === 'boolean') return okBadge(value, 'true', 'false');
  if (value === null) return html`<code class="muted">null</code>`;
  return html`<code class="break">${value}</code>`;
}

export function renderReadiness(p: LaunchPredicate): Markup {
  const compliance = p.compliance
    ? html`<p class="note">Compliance approval on record: <code>${p.compliance.reference}</code>, approved by ${p.compliance.approvedBy}.</p>`
    : '';
  return html`<table class="grid readiness">
    <caption>The documented <code>LaunchReadiness</code> fields, as signed</caption>
    <thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
    <tbody>${READINESS_FIELDS.map(
      ({ field, meaning }) => html`<tr><th scope="row"><code>${field}</code></th><td>${readinessValue(p.readiness[field])}</td><td>${meaning}</td></tr>`,
    )}</tbody>
  </table>${compliance}`;
}

/** `12 passed · 1 failed`, only the non-zero kinds, so an empty area says so plainly. */
export function countsText(c: Counts): string {
  if (c.total === 0) return 'no tests';
  const parts = (['passed', 'failed', 'skipped', 'todo'] as const).filter((k) => c[k] > 0).map((k) => `${grouped(c[k])} ${k}`);
  if (c.waived > 0) parts.push(`${grouped(c.waived)} waived`);
  return parts.join(' · ');
}

/** A stacked bar of the counts; SVG attributes, not inline styles, so the CSP needs no 'unsafe-inline'. */
function countsBar(c: Counts): Markup {
  if (c.total === 0)
    return html`<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="b-none" width="100" height="6"/></svg>`;
  let x = 0;
  const segments = (['passed', 'failed', 'skipped', 'todo'] as const).map((k) => {
    const w = (c[k] / c.total) * 100;
    const rect = w > 0 ? html`<rect class="b-${k}" x="${x.toFixed(2)}" width="${w.toFixed(2)}" height="6"/>` : '';
    x += w;
    return rect;
  });
  return html`<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">${segments}</svg>`;
}

const CHIP = { supported: 'supported', missing: 'missing', waived: 'waived' } as const;

/** The area's evidence profile as chips: what is supported, what is missing (each a link to how to write it), what contradicts it. */
function profileChips(a: AreaResult): Markup {
  const items = a.profile.map((item) => {
    const name = html`<span class="sr-only">${CHIP[item.status]}: </span>${item.matchers.join(' or ')}`;
    const href = item.status === 'supported' ? undefined : docsHref(item.docs);
    return html`<li class="chip c-${item.status}">${href ? html`<a href="${href}">${name}<span class="sr-only">: how to write it</span></a>` : name}</li>`;
  });
  const contradicted = a.contradictions.length
    ? html`<li class="chip c-missing"><span class="sr-only">failed: </span>${plural(a.contradictions.length, 'contradiction')}</li>`
    : '';
  const unsupported = a.unsupported.length ? html`<li class="chip c-note">${plural(a.unsupported.length, 'test')} without evidence</li>` : '';
  return html`<ul class="chips">${items}${contradicted}${unsupported}</ul>`;
}

function checklistRow(a: AreaResult, index: number): Markup {
  return html`<tr data-status="${a.status}">
    <td class="num">${index + 1}</td>
    <th scope="row"><a href="${fragment(areaAnchor(a.id))}">${a.title}</a><span class="cl">${a.checklist}</span></th>
    <td>${areaBadge(a.status)}</td>
    <td>${profileChips(a)}</td>
    <td class="counts">${countsText(a.counts)}${countsBar(a.counts)}</td>
  </tr>`;
}

/** The nine checklist areas in the record's order, which is the checklist's, each with its evidence profile. */
export function renderChecklist(p: LaunchPredicate): Markup {
  return html`<table class="grid checklist">
    <caption class="sr-only">The ${p.areas.length} launch checklist areas</caption>
    <thead><tr><th scope="col" class="num">#</th><th scope="col" class="c-area">Area</th><th scope="col">Status</th><th scope="col" class="c-ev">Evidence</th><th scope="col">Tests</th></tr></thead>
    <tbody>${p.areas.map(checklistRow)}</tbody>
  </table>
  <p class="note">An area passes only when launch matchers proved every item of its evidence profile; a missing item links to how to write it. Passed is verified; waived is let through, never called verified.</p>`;
}
