import type { Check, Evidence, Finding, Probe } from '../evidence/types.js';
import { el, type TreeElement } from './element-tree.js';
import { formatDuration } from './format.js';

/** A request or response as it went over the wire: start line, headers, blank line, body. */
export function wireText(startLine: string, headers: Record<string, string> | undefined, body: string | undefined): string {
  const lines = [startLine, ...Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined && body !== '') lines.push('', body);
  return lines.join('\n');
}

/*
 * Evidence is data the page builds into DOM when a test is opened (see element-tree.ts),
 * so a 10,000-test page parses and lays out only the test rows. It is rendered as lists
 * rather than tables, so the data stays small. An item's class (`y` held, `n` did not)
 * gets a ✓/✕ icon with alt text from the stylesheet, and what did not hold also says so
 * in words; the stylesheet labels the request and response blocks.
 */
const badge = (ok: boolean, yes: string, no: string): TreeElement => el(ok ? 'span.b.s-passed' : 'span.b.s-failed', ok ? yes : no);

function probe(p: Probe): TreeElement {
  const request = wireText(`${p.request.method} ${p.request.path}`, p.request.headers, p.request.body);
  const response = p.response ? wireText(`HTTP ${p.response.status}`, p.response.headers, p.response.body) : `no response: ${p.error ?? 'unknown'}`;
  return el(p.ok ? 'li.y' : 'li.n',
    el('p', el('b', p.name), !p.ok && ' ', !p.ok && badge(false, '', 'unexpected'), ' ', el('small', `expected ${p.expected} · ${formatDuration(p.durationMs)}`)),
    p.error !== undefined && p.response !== undefined && el('p.err', p.error),
    el('div.io', el('pre.req', request), el('pre.res', response)));
}

function findingLocation(f: Finding): string {
  if (!f.file) return '';
  return [f.file, f.line, f.line !== undefined ? f.column : undefined].filter((x) => x !== undefined).join(':');
}

function finding(f: Finding): TreeElement {
  const where = findingLocation(f);
  return el('li', el('b', f.kind), ' ', el('code', f.masked), where && ' in ', where && el('code', where), f.note && ' ', f.note && el('small', f.note));
}

function check(c: Check): TreeElement {
  return el(c.ok ? 'li.y' : 'li.n', el('b', c.name), !c.ok && ' ', !c.ok && badge(false, '', 'failed'), c.detail && ' ', c.detail && el('small', c.detail));
}

function detailValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function group(title: string, items: readonly TreeElement[]): TreeElement[] {
  return items.length ? [el('p.eg', `${title} (${items.length})`), el('ul.el', ...items)] : [];
}

/** One matcher's recorded evidence: what it sent, found and checked, redacted before it was recorded. */
export function evidenceTree(ev: Evidence): TreeElement {
  const held = ev.pass !== ev.negated;
  const facts = Object.entries(ev.details);
  return el(held ? 'div.ev' : 'div.ev.ev-bad',
    el('p.ev-h', el('code.m', `${ev.negated ? 'not.' : ''}${ev.matcher}`), ' ', badge(held, 'assertion held', 'assertion failed'),
      ev.negated && ' ', ev.negated && el('small', `negated; the matcher itself ${ev.pass ? 'passed' : 'failed'}`)),
    el('p.ev-s', ev.summary),
    ...group('HTTP probes', ev.probes.map(probe)),
    ...group('Scan findings, values masked', ev.findings.map(finding)),
    ...group('Checks', ev.checks.map(check)),
    facts.length > 0 && el('dl.facts', ...facts.flatMap(([k, v]) => [el('dt', k), el('dd', el('code', detailValue(v)))])));
}
