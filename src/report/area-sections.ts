import { getArea } from '../areas.js';
import type { AreaResult, TestResult, Waiver } from '../record/schema.js';
import { countsText } from './checklist.js';
import type { TreeElement } from './element-tree.js';
import { evidenceTree } from './evidence.js';
import { areaBadge, badge, formatDuration, stripAnsi, testBadge } from './format.js';
import { html, type Markup } from './markup.js';
import { areaAnchor, testAnchor } from './verdict-banner.js';

export function testLocation(t: Pick<TestResult, 'file' | 'line' | 'column'>): string {
  if (t.line === undefined) return t.file;
  return t.column === undefined ? `${t.file}:${t.line}` : `${t.file}:${t.line}:${t.column}`;
}

export function renderWaiverBox(w: Waiver): Markup {
  return html`<div class="waiver"><p class="waiver-h">Waived until ${w.expires}</p>
    <dl class="facts"><div><dt>Justification</dt><dd>${w.justification}</dd></div><div><dt>Approved by</dt><dd>${w.approvedBy}</dd></div><div><dt>Expires</dt><dd>${w.expires}</dd></div></dl></div>`;
}

/**
 * One test as a native disclosure widget (keyboard-operable without script). The filter
 * reads `data-state` and `data-waived`, the section's `data-area`, and the test's text.
 * The failure and waiver are markup; the matchers' evidence is data the page script
 * builds into the test when it is opened (see `evidenceData`).
 */
function renderTest(t: TestResult): Markup {
  const failure = t.failure ? html`<pre class="failure">${stripAnsi(t.failure)}</pre>` : '';
  const none = t.evidence.length ? '' : html`<p class="muted">No matcher recorded evidence in this test.</p>`;
  return html`<details class="t" id="${testAnchor(t.id)}" data-state="${t.state}"${t.waiver ? html` data-waived=""` : ''}>
    <summary>${testBadge(t.state)}${t.waiver ? badge('waived', 'waived') : ''}<span class="tn">${t.fullName}</span><span class="tm">${testLocation(t)} · ${formatDuration(t.durationMs)}</span></summary>
    ${failure}${t.waiver ? renderWaiverBox(t.waiver) : ''}${none}
  </details>`;
}

/**
 * Tests per `content-visibility: auto` chunk: the browser skips style and layout for
 * chunks off screen, which a 10,000-test page needs both to load and to filter quickly.
 */
export const CHUNK_SIZE = 100;
/** Estimated height of one closed test row, for chunks the browser has not laid out yet. */
export const ROW_HEIGHT_PX = 42;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One checklist area: its status, checklist text and every test that carries its tag. */
export function renderAreaSection(area: AreaResult, index: number, tests: readonly TestResult[]): Markup {
  const body = tests.length
    ? html`<div class="tests">${chunks(tests, CHUNK_SIZE).map((c) => html`<div class="chunk">${c.map(renderTest)}</div>`)}</div>`
    : html`<p class="empty">No test carries the tag <code>launch:${area.id}</code>, so this area is incomplete.</p>`;
  return html`<section class="area" id="${areaAnchor(area.id)}" data-area="${area.id}" aria-labelledby="h-${area.id}">
    <div class="area-h">
      <h3 id="h-${area.id}"><span class="idx">${index + 1}</span> ${area.title}</h3>
      ${areaBadge(area.status)}
    </div>
    <p class="area-checklist">${area.checklist}</p>
    <p class="area-meta"><span>Passes when: ${getArea(area.id).evidence}.</span> <span class="area-counts">${countsText(area.counts)}</span></p>
    ${body}
  </section>`;
}

/**
 * Every test's evidence, in the order the tests appear on the page (area by area, as
 * `renderAreaSection` lists them): the page script pairs the n-th test with the n-th entry.
 */
export function evidenceData(testsInPageOrder: readonly TestResult[]): TreeElement[][] {
  return testsInPageOrder.map((t) => t.evidence.map(evidenceTree));
}
