import { createHash } from 'node:crypto';
import type { TestResult } from '../record/schema.js';
import { finalTries } from '../record/support.js';
import { needsAttention } from './area-sections.js';
import { el, jsonLine, type TreeElement } from './element-tree.js';
import { evidenceTree } from './evidence.js';
import { formatDuration } from './format.js';
import { FLAG, packCode, type ChunkData, type PackedRow } from './page-contract.js';

/**
 * What the page builds into a test when it opens. A row in markup already shows its notes,
 * failure and waiver; a row the script builds gets its support notes here too.
 */
function openedTrees(t: TestResult): TreeElement[] {
  const trees: TreeElement[] = [];
  if (!needsAttention(t)) {
    if (t.supportNotes.length) trees.push(el('ul.notes', ...t.supportNotes.map((n) => el('li', n))));
    if (t.evidence.length === 0) trees.push(el('p.muted', 'No matcher recorded evidence in this test.'));
  }
  const final = new Set(finalTries(t.evidence));
  const retried = t.evidence.some((e) => e.attempt > 0);
  trees.push(...t.evidence.map((e) => evidenceTree(e, { retried, counts: final.has(e) })));
  return trees;
}

/** A chunk's tests as the page script receives them, each with the evidence line `evidenceOf` gives. */
export function chunkData(tests: readonly TestResult[], evidenceOf: (t: TestResult) => number): ChunkData {
  const files: string[] = [];
  const rows = tests.map((t): PackedRow => {
    let file = files.indexOf(t.file);
    if (file < 0) file = files.push(t.file) - 1;
    const position = t.line === undefined ? '' : t.column === undefined ? `${t.line}` : `${t.line}:${t.column}`;
    const flags = (t.waiver ? FLAG.waived : 0) | (t.flaky ? FLAG.flaky : 0) | (t.inverted ? FLAG.inverted : 0) | (needsAttention(t) ? FLAG.inMarkup : 0);
    return [t.id, t.fullName, file, position, formatDuration(t.durationMs), packCode(t.state, t.support, flags), evidenceOf(t)];
  });
  return [files, rows];
}

/**
 * The lines of `#evidence-data`, one per distinct opened content: generated suites record
 * the same evidence in many tests, and the page needs it once. Lines are keyed by digest,
 * so the writer never holds the page's evidence text at once.
 */
export class EvidenceLines {
  readonly #seen = new Map<string, number>();

  /** The line index of a test's opened content, and the line to write when it is new. */
  add(t: TestResult): { index: number; line?: string } {
    const trees = openedTrees(t);
    if (trees.length === 0) return { index: -1 };
    const line = jsonLine(trees);
    const key = createHash('sha256').update(line).digest('base64');
    const known = this.#seen.get(key);
    if (known !== undefined) return { index: known };
    const index = this.#seen.size;
    this.#seen.set(key, index);
    return { index, line };
  }
}
