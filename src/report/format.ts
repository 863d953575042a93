import type { AreaStatus, TestState } from '../record/schema.js';
import { html, type Markup } from './markup.js';

/** `12 ms`, `1.24 s`, `2 min 3 s`: durations as people read them. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Record times in UTC, the same on every machine that renders the record; a value that
 * is not a date is shown as recorded.
 */
export function formatTime(iso: string): Markup {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`<span>${iso}</span>`;
  const text = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${date.toISOString()}">${text}</time>`;
}

/** Terminal colour codes a failure message may carry; they mean nothing in a page. */
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

const AREA_LABELS: Record<AreaStatus, string> = { passed: 'Passed', failed: 'Failed', incomplete: 'Incomplete', waived: 'Waived' };

/**
 * Status as a word in a pill; the stylesheet adds an icon per status class (✓ ✕ ◌ ⚑ ↷ ✎),
 * so colour is never the only signal and the markup stays small.
 */
export function badge(status: AreaStatus | TestState, text: string): Markup {
  return html`<span class="b s-${status}">${text}</span>`;
}

export function areaBadge(status: AreaStatus): Markup {
  return badge(status, AREA_LABELS[status]);
}

export function testBadge(state: TestState): Markup {
  return badge(state, state);
}

export function okBadge(ok: boolean, yes = 'ok', no = 'not ok'): Markup {
  return ok ? badge('passed', yes) : badge('failed', no);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

/** `10,000` for a count, as toLocaleString('en-US') writes it, without its cost (called per test on a large report). */
export function grouped(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}
