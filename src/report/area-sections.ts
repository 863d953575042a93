import { getArea } from '../areas.js';
import type { AreaResult, Contradiction, ProfileItem, TestResult, Waiver } from '../record/schema.js';
import { countsText } from './checklist.js';
import { docsLink } from './docs-links.js';
import { areaBadge, badge, formatDuration, grouped, plural, stripAnsi, testBadge } from './format.js';
import { fragment, html, type Markup } from './markup.js';
import { areaAnchor, CHUNK_SIZE, SUPPORT_LABELS, testAnchor } from './page-contract.js';

export function testLocation(t: Pick<TestResult, 'file' | 'line' | 'column'>): string {
  if (t.line === undefined) return t.file;
  return t.column === undefined ? `${t.file}:${t.line}` : `${t.file}:${t.line}:${t.column}`;
}

/** What a test row shows after its name: where it is and how long it ran. */
const testMeta = (t: TestResult): string => `${testLocation(t)} · ${formatDuration(t.durationMs)}`;

export function renderWaiverBox(w: Waiver): Markup {
  return html`<div class="waiver"><p class="waiver-h">Waived until ${w.expires}</p>
    <dl class="facts"><div><dt>Justification</dt><dd>${w.justification}</dd></div><div><dt>Approved by</dt><dd>${w.approvedBy}</dd></div><div><dt>Expires</dt><dd>${w.expires}</dd></div></dl></div>`;
}

/**
 * A test needs a reader's eye when it did not pass, or passed while contradicting its
 * evidence, was retried, inverted or waived. Those rows are markup (readable without
 * script, and listed first in their area); the rest are data the page script builds when
 * their chunk comes into view.
 */
export function needsAttention(t: TestResult): boolean {
  return t.state !== 'passed' || t.support === 'contradicts' || t.flaky || t.inverted || t.waiver !== undefined;
}

const RANK = { failed: 0, contradicts: 1, skipped: 2, todo: 2, other: 3 } as const;
const rank = (t: TestResult): number =>
  t.state === 'failed' ? RANK.failed : t.support === 'contradicts' ? RANK.contradicts : t.state === 'passed' ? RANK.other : RANK[t.state];

/** An area's tests as its section lists them: failed, contradicting, skipped and todo first, then the rest in run order. */
export function orderTests(tests: readonly TestResult[]): TestResult[] {
  // A stable partition by rank: one pass, no sort over ten thousand tests.
  const byRank: TestResult[][] = [[], [], [], []];
  for (const t of tests) byRank[rank(t)]!.push(t);
  return byRank.flat();
}

function supportBadge(t: Pick<TestResult, 'support'>): Markup | '' {
  return t.support === 'none' ? '' : html`<span class="sup sup-${t.support}">${SUPPORT_LABELS[t.support]}</span>`;
}

function markBadges(t: TestResult): Markup {
  return html`${t.flaky ? html`<span class="mk">flaky</span>` : ''}${t.inverted ? html`<span class="mk">test.fails</span>` : ''}`;
}

/** Why a test's evidence did or did not count, in the record's words. */
function supportNotes(t: TestResult): Markup | '' {
  const notes = [...t.supportNotes];
  if (t.support === 'contradicts') notes.unshift('A launch matcher failed in this test although the test passed: that contradiction fails the matcher’s area.');
  if (t.flaky) notes.unshift('Passed after a retry: every try’s evidence is kept, only the last try’s counts.');
  if (t.inverted) notes.unshift('Declared with test.fails: its pass means its body failed, so it supports nothing.');
  return notes.length ? html`<ul class="notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : '';
}

/**
 * One test as a native disclosure widget, so it opens without script. The page script
 * rebuilds it as its own row (page/rows.ts, a button over a body hidden until found) and
 * builds the matchers' evidence into it when it is opened.
 */
export function renderTestRow(t: TestResult): Markup {
  const failure = t.failure ? html`<pre class="failure">${stripAnsi(t.failure)}</pre>` : '';
  const none = t.evidence.length ? '' : html`<p class="muted">No matcher recorded evidence in this test.</p>`;
  return html`<details class="t" id="${testAnchor(t.id)}" data-state="${t.state}"${t.waiver ? html` data-waived=""` : ''}>
    <summary>${testBadge(t.state)}${t.waiver ? badge('waived', 'waived') : ''}${supportBadge(t)}${markBadges(t)}<span class="tn">${t.fullName}</span><span class="tm">${testMeta(t)}</span></summary>
    ${supportNotes(t)}${failure}${t.waiver ? renderWaiverBox(t.waiver) : ''}${none}
  </details>`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** At most `max` links to tests, then how many more there are. */
function testLinks(ids: readonly string[], names: ReadonlyMap<string, string>, max: number): Markup {
  const shown = ids.slice(0, max).map((id) => html`<a href="${fragment(testAnchor(id))}">${names.get(id) ?? id}</a>`);
  const joined = shown.map((a, i) => html`${i > 0 ? ', ' : ''}${a}`);
  return html`${joined}${ids.length > max ? ` and ${grouped(ids.length - max)} more` : ''}`;
}

const ITEM_STATUS = { supported: 'passed', missing: 'failed', waived: 'waived' } as const;
const ITEM_LABEL = { supported: 'supported', missing: 'missing', waived: 'waived' } as const;

function profileItem(item: ProfileItem, names: ReadonlyMap<string, string>): Markup {
  const matchers = item.matchers.map((m, i) => html`${i > 0 ? ' or ' : ''}<code>${m}</code>`);
  const by =
    item.status === 'supported'
      ? html`<span class="by">Supported by ${testLinks(item.tests, names, 3)}.</span>`
      : item.status === 'missing'
        ? html`<span class="by">No passing test proves ${item.requirement}. ${docsLink(item.docs, 'How to write it')}</span>`
        : html`<span class="by">Missing, but a waived test of this area closes the gap. ${docsLink(item.docs, 'How to write it')}</span>`;
  return html`<li class="pi pi-${item.status}">${badge(ITEM_STATUS[item.status], ITEM_LABEL[item.status])} ${matchers}${item.source === 'required' ? html` <span class="mk">required by the require option</span>` : ''} ${by}</li>`;
}

const HOW = {
  swallowed: 'failed, but the test passed anyway: its failure was caught or not awaited',
  inverted: 'failed inside test.fails, which turned the failure into a pass',
} as const;

function contradiction(c: Contradiction): Markup {
  return html`<li><code>${c.matcher}</code> ${HOW[c.how]}: <a href="${fragment(testAnchor(c.testId))}">${c.fullName}</a> <span class="mk">${c.how}</span></li>`;
}

/** The area's evidence profile, its contradictions and the tests that passed without evidence. */
function renderProfile(area: AreaResult, names: ReadonlyMap<string, string>): Markup {
  const contradictions = area.contradictions.length
    ? html`<div class="contra"><p class="eg">Contradicted by (${area.contradictions.length})</p><ul>${area.contradictions.map(contradiction)}</ul></div>`
    : '';
  const unsupported = area.unsupported.length
    ? html`<p class="unsup"><span class="sup sup-unsupported">no evidence</span> ${plural(area.unsupported.length, 'test')} passed without evidence for this area: ${testLinks(area.unsupported, names, 5)}. They prove nothing for it.</p>`
    : '';
  return html`<div class="profile"><p class="eg">Evidence profile</p><ul class="pl">${area.profile.map((item) => profileItem(item, names))}</ul>${contradictions}${unsupported}</div>`;
}

/**
 * One checklist area: its status, checklist text, evidence profile and every test that
 * carries its tag, in chunks of `CHUNK_SIZE`. A chunk holds the markup of the rows that
 * need attention; the page script adds the others when the chunk comes into view.
 */
export function renderAreaSection(area: AreaResult, index: number, tests: readonly TestResult[], names: ReadonlyMap<string, string>): Markup {
  const scripted = tests.filter((t) => !needsAttention(t)).length;
  const body = tests.length
    ? html`<div class="tests">${chunks(tests, CHUNK_SIZE).map((c) => html`<div class="chunk" data-n="${c.length}">${c.filter(needsAttention).map(renderTestRow)}</div>`)}</div>
      ${scripted ? html`<p class="nojs-only muted">${plural(scripted, 'more passing test')} ${scripted === 1 ? 'is' : 'are'} listed when JavaScript is on; the record holds them all.</p>` : ''}`
    : html`<p class="empty">No test carries the tag <code>launch:${area.id}</code>, so this area is incomplete.</p>`;
  return html`<section class="area" id="${areaAnchor(area.id)}" data-area="${area.id}" aria-labelledby="h-${area.id}">
    <div class="area-h">
      <h3 id="h-${area.id}"><span class="idx">${index + 1}</span> ${area.title}</h3>
      ${areaBadge(area.status)}
    </div>
    <p class="area-checklist">${area.checklist}</p>
    <p class="area-meta"><span>Passes when: ${getArea(area.id).evidence}.</span> <span class="area-counts">${countsText(area.counts)}</span></p>
    ${renderProfile(area, names)}
    ${body}
  </section>`;
}
