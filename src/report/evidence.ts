import type { Check, Evidence, Finding, Probe } from '../evidence/types.js';
import { docsHref, matcherDocs } from './docs-links.js';
import { el, link, type TreeElement, type TreeNode } from './element-tree.js';
import { formatDuration } from './format.js';

/** A request or response as it went over the wire: start line, headers, blank line, body. */
export function wireText(startLine: string, headers: Record<string, string> | undefined, body: string | undefined): string {
  const lines = [startLine, ...Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined && body !== '') lines.push('', body);
  return lines.join('\n');
}

/*
 * Evidence is data the page builds into DOM when a test is opened (see element-tree.ts),
 * so a 10,000-test page parses and lays out only what a reader looks at. It is rendered as
 * lists rather than tables, so the data stays small. An item's class (`y` held, `n` did
 * not) gets a ✓/✕ icon with alt text from the stylesheet, and what did not hold also says
 * so in words; the stylesheet labels the request and response blocks. What did not hold
 * comes first, each with a link to the docs section that says how to pass.
 */
const badge = (ok: boolean, yes: string, no: string): TreeElement => el(ok ? 'span.b.s-passed' : 'span.b.s-failed', ok ? yes : no);

/** "How to fix" for what `matcher` found wrong: its section in its area's docs page. */
function fixLink(matcher: string): TreeElement | undefined {
  const path = matcherDocs(matcher);
  const href = path && docsHref(path);
  return href ? link('a.fix', href, 'How to fix') : undefined;
}

function probe(p: Probe, fix: TreeElement | undefined): TreeElement {
  const request = wireText(`${p.request.method} ${p.request.path}`, p.request.headers, p.request.body);
  const response = p.response ? wireText(`HTTP ${p.response.status}`, p.response.headers, p.response.body) : `no response: ${p.error ?? 'unknown'}`;
  return el(
    p.ok ? 'li.y' : 'li.n',
    el(
      'p',
      el('b', p.name),
      !p.ok && ' ',
      !p.ok && badge(false, '', 'unexpected'),
      ' ',
      el('small', `expected ${p.expected} · ${formatDuration(p.durationMs)}`),
      !p.ok && fix && ' ',
      !p.ok && fix,
    ),
    p.error !== undefined && p.response !== undefined && el('p.err', p.error),
    el('div.io', el('pre.req', request), el('pre.res', response)),
  );
}

function findingLocation(f: Finding): string {
  if (!f.file) return '';
  return [f.file, f.line, f.line !== undefined ? f.column : undefined].filter((x) => x !== undefined).join(':');
}

function finding(f: Finding): TreeElement {
  const where = findingLocation(f);
  return el('li', el('b', f.kind), ' ', el('code', f.masked), where && ' in ', where && el('code', where), f.note && ' ', f.note && el('small', f.note));
}

function check(c: Check, fix: TreeElement | undefined): TreeElement {
  return el(
    c.ok ? 'li.y' : 'li.n',
    el('b', c.name),
    !c.ok && ' ',
    !c.ok && badge(false, '', 'failed'),
    c.detail && ' ',
    c.detail && el('small', c.detail),
    !c.ok && fix && ' ',
    !c.ok && fix,
  );
}

/** `effectsBefore` → `effects before`, `dead_letters` → `dead letters`. */
export function factLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

const MAX_DEPTH = 3;

/**
 * A fact as people read it: text for a scalar, a comma list for a short list of scalars,
 * a list for a longer one, a nested definition list for an object; JSON only below three
 * levels of nesting.
 */
export function factValue(value: unknown, depth = 0): TreeNode {
  if (value === null || value === undefined) return el('span.muted', 'none');
  if (typeof value === 'string') return value === '' ? el('span.muted', 'empty') : el('code', value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return el('code', String(value));
  if (depth >= MAX_DEPTH) return el('code', JSON.stringify(value) ?? String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return el('span.muted', 'none');
    const scalars = value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    if (scalars && value.length <= 8) return el('span', ...value.flatMap((v, i) => [i > 0 && ', ', factValue(v, depth + 1)]));
    return el('ul.fl', ...value.map((v) => el('li', factValue(v, depth + 1))));
  }
  if (typeof value === 'object') return facts(Object.entries(value), depth + 1, 'dl.facts.nested');
  return el('code', String(value));
}

function facts(entries: ReadonlyArray<[string, unknown]>, depth: number, selector: 'dl.facts' | 'dl.facts.nested'): TreeElement {
  if (entries.length === 0) return el('span.muted', 'none');
  return el(selector, ...entries.flatMap(([k, v]) => [el('dt', factLabel(k)), el('dd', factValue(v, depth))]));
}

/** Items that did not hold first, the rest in their recorded order. */
function failingFirst<T>(items: readonly T[], ok: (item: T) => boolean): T[] {
  return [...items.filter((i) => !ok(i)), ...items.filter(ok)];
}

function group(title: string, items: readonly TreeElement[], failing = 0): TreeElement[] {
  if (items.length === 0) return [];
  const count = failing > 0 ? `${failing} failing of ${items.length}` : `${items.length}`;
  return [el('p.eg', `${title} (${count})`), el('ul.el', ...items)];
}

/** Where a block stands in a retried test: its try, and whether it counts (only the last try's does). */
export interface TryLabel {
  retried: boolean;
  counts: boolean;
}

/** One matcher's recorded evidence: what it sent, found and checked, redacted before it was recorded. */
export function evidenceTree(ev: Evidence, tries: TryLabel = { retried: false, counts: true }): TreeElement {
  const held = ev.pass !== ev.negated;
  const fix = fixLink(ev.matcher);
  const scope = Object.entries(ev.scope).filter(([, v]) => v !== undefined);
  const entries: Array<[string, unknown]> = [
    ...Object.entries(ev.details),
    ...(scope.length > 0 ? [['scope', Object.fromEntries(scope)] as [string, unknown]] : []),
  ];
  const retried = tries.retried || ev.repeat > 0;
  const tryText = `try ${ev.attempt + 1}${ev.repeat > 0 ? `, repeat ${ev.repeat + 1}` : ''}${tries.counts ? '' : ' · retried, does not count'}`;
  // `ev-ok`: nothing in it failed, so "Failing only" hides it whole.
  const clean = held && ev.probes.every((p) => p.ok) && ev.checks.every((c) => c.ok);
  return el(
    held ? (clean ? 'div.ev.ev-ok' : 'div.ev') : 'div.ev.ev-bad',
    el(
      'p.ev-h',
      el('code.m', `${ev.negated ? 'not.' : ''}${ev.matcher}`),
      ' ',
      badge(held, 'assertion held', 'assertion failed'),
      ev.negated && ' ',
      ev.negated && el('small', `negated; the matcher itself ${ev.pass ? 'passed' : 'failed'}`),
      retried && ' ',
      retried && el('small', tryText),
      !held && fix && ' ',
      !held && fix,
    ),
    el('p.ev-s', ev.summary),
    ...group(
      'HTTP probes',
      failingFirst(ev.probes, (p) => p.ok).map((p) => probe(p, fix)),
      ev.probes.filter((p) => !p.ok).length,
    ),
    ...group('Scan findings, values masked', ev.findings.map(finding)),
    ...group(
      'Checks',
      failingFirst(ev.checks, (c) => c.ok).map((c) => check(c, fix)),
      ev.checks.filter((c) => !c.ok).length,
    ),
    entries.length > 0 && el('p.eg', 'Facts'),
    entries.length > 0 && facts(entries, 0, 'dl.facts'),
  );
}
