import type { TestResult } from '../record/schema.js';
import { evidenceDigest } from '../record/collect.js';
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
function openedTrees(t: TestResult, opened: Opened): TreeElement[] {
  const trees: TreeElement[] = [];
  if (!opened.attention) {
    if (t.supportNotes.length) trees.push(el('ul.notes', ...t.supportNotes.map((n) => el('li', n))));
    if (t.evidence.length === 0) trees.push(el('p.muted', 'No matcher recorded evidence in this test.'));
  }
  trees.push(...t.evidence.map((e) => evidenceTree(e, { retried: opened.retried, counts: opened.final.has(e) })));
  return trees;
}

/** Everything of a test that `openedTrees` reads, worked out once. */
interface Opened {
  attention: boolean;
  retried: boolean;
  final: Set<TestResult['evidence'][number]>;
}

function openedOf(t: TestResult): Opened {
  return { attention: needsAttention(t), retried: t.evidence.some((e) => e.attempt > 0), final: new Set(finalTries(t.evidence)) };
}

/**
 * Exactly what `openedTrees` reads, so equal inputs are built and written once. Evidence is
 * named by its content digest, which the reporter took when the evidence arrived.
 */
function openedKey(t: TestResult, opened: Opened): string {
  return JSON.stringify([
    opened.attention,
    opened.attention ? [] : t.supportNotes,
    opened.retried,
    t.evidence.map((e) => [opened.final.has(e), evidenceDigest(e)]),
  ]);
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
 * the same evidence in many tests, and the page needs it once. Lines are keyed by a digest
 * of what they are built from, so the writer never holds the page's evidence text at once.
 */
export class EvidenceLines {
  readonly #seen = new Map<string, number>();

  /** The line index of a test's opened content, and the line to write when it is new. */
  add(t: TestResult): { index: number; line?: string } {
    const opened = openedOf(t);
    if (opened.attention && t.evidence.length === 0) return { index: -1 };
    // Keyed by the inputs, not the built line: a repeated test costs one JSON of its evidence, not a tree.
    const key = openedKey(t, opened);
    const known = this.#seen.get(key);
    if (known !== undefined) return { index: known };
    const line = jsonLine(openedTrees(t, opened));
    const index = this.#seen.size;
    this.#seen.set(key, index);
    return { index, line };
  }
}
