import type { Check, Evidence, Finding, Probe } from '../evidence/types.js';
import { formatDuration, okBadge } from './format.js';
import { html, type Markup } from './markup.js';

/** A request or response as it went over the wire: start line, headers, blank line, body. */
export function wireText(startLine: string, headers: Record<string, string> | undefined, body: string | undefined): string {
  const lines = [startLine, ...Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined && body !== '') lines.push('', body);
  return lines.join('\n');
}

/*
 * Evidence is rendered as lists rather than tables, so a 10,000-test record stays small.
 * An item's class (`y` held, `n` did not) gets a ✓/✕ icon with alt text from the
 * stylesheet, and what did not hold also says so in words; the stylesheet labels the
 * request and response blocks.
 */
function probe(p: Probe): Markup {
  const request = wireText(`${p.request.method} ${p.request.path}`, p.request.headers, p.request.body);
  const response = p.response ? wireText(`HTTP ${p.response.status}`, p.response.headers, p.response.body) : `no response: ${p.error ?? 'unknown'}`;
  return html`<li class="${p.ok ? 'y' : 'n'}"><p><b>${p.name}</b>${p.ok ? '' : html` ${okBadge(false, '', 'unexpected')}`} <small>expected ${p.expected} · ${formatDuration(p.durationMs)}</small></p>
    ${p.error && p.response ? html`<p class="err">${p.error}</p>` : ''}
    <div class="io"><pre class="req">${request}</pre><pre class="res">${response}</pre></div></li>`;
}

function findingLocation(f: Finding): string {
  if (!f.file) return '';
  return [f.file, f.line, f.line !== undefined ? f.column : undefined].filter((x) => x !== undefined).join(':');
}

function finding(f: Finding): Markup {
  const where = findingLocation(f);
  return html`<li><b>${f.kind}</b> <code>${f.masked}</code>${where ? html` in <code>${where}</code>` : ''}${f.note ? html` <small>${f.note}</small>` : ''}</li>`;
}

function check(c: Check): Markup {
  return html`<li class="${c.ok ? 'y' : 'n'}"><b>${c.name}</b>${c.ok ? '' : html` ${okBadge(false, '', 'failed')}`}${c.detail ? html` <small>${c.detail}</small>` : ''}</li>`;
}

function detailValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function group(title: string, items: readonly Markup[]): Markup | '' {
  return items.length ? html`<p class="eg">${title} (${items.length})</p><ul class="el">${items}</ul>` : '';
}

/** One matcher's recorded evidence: what it sent, found and checked, redacted before it was recorded. */
export function renderEvidence(ev: Evidence): Markup {
  const held = ev.pass !== ev.negated;
  const facts = Object.entries(ev.details);
  return html`<div class="ev${held ? '' : ' ev-bad'}">
    <p class="ev-h"><code class="m">${ev.negated ? 'not.' : ''}${ev.matcher}</code> ${okBadge(held, 'assertion held', 'assertion failed')}${ev.negated ? html` <small>negated; the matcher itself ${ev.pass ? 'passed' : 'failed'}</small>` : ''}</p>
    <p class="ev-s">${ev.summary}</p>
    ${group('HTTP probes', ev.probes.map(probe))}
    ${group('Scan findings, values masked', ev.findings.map(finding))}
    ${group('Checks', ev.checks.map(check))}
    ${facts.length ? html`<dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd><code>${detailValue(v)}</code></dd>`)}</dl>` : ''}
  </div>`;
}
