/**
 * What the rendered page and its script (src/report/page/) agree on: the element ids the
 * script looks up, the shape of the data it reads, and the sizes it lays out with. Both
 * sides import this module, so it must stay free of imports.
 */

/** Tests per chunk: the unit the page builds, sizes and skips while it is off screen. */
export const CHUNK_SIZE = 100;
/** Estimated height of one closed test row, for chunks the browser has not laid out yet. */
export const ROW_HEIGHT_PX = 42;

/** The tags the page script will build from an element tree; anything else it drops. */
export const TREE_TAGS = ['p', 'b', 'small', 'code', 'pre', 'ul', 'li', 'div', 'span', 'dl', 'dt', 'dd', 'a'] as const;
export type TreeTag = (typeof TREE_TAGS)[number];

/**
 * Markup as data (see element-tree.ts): `['tag.class.class', ...children]`, a child is text
 * or another element. An `a` element's first child is its href.
 */
export type TreeElement = [selector: string, ...children: TreeNode[]];
export type TreeNode = string | TreeElement;

/** The only hrefs the page script sets: https URLs and relative paths, never a scheme it could run. */
export const SAFE_HREF = /^(?:https:\/\/[^\s"'<>\\]+|[\w.~/-]+(?:#[\w.~-]*)?)$/;

export const SUPPORT_STATES = ['supports', 'unsupported', 'contradicts', 'none'] as const;
export type SupportState = (typeof SUPPORT_STATES)[number];

/** Bits of a row's `flags`. */
export const FLAG = {
  /** A valid waiver covers the test. */
  waived: 1,
  /** Passed after a retry. */
  flaky: 2,
  /** Declared with `test.fails`. */
  inverted: 4,
  /** The row is already in the page's markup; the script must not build it again. */
  inMarkup: 8,
} as const;

export const TEST_STATES = ['passed', 'failed', 'skipped', 'todo'] as const;

/** One test as the page script uses it. */
export interface Row {
  id: string;
  name: string;
  /** `file:line:column · duration`. */
  meta: string;
  state: (typeof TEST_STATES)[number];
  support: SupportState;
  /** `FLAG` bits. */
  flags: number;
  /** The line of `#evidence-data` that holds what the test shows when opened, -1 for none. */
  evidence: number;
}

/**
 * One test as written, small because a 10,000-test page holds 10,000 of them: id, name,
 * index of its file in the chunk's file list, `line:column`, duration as shown, state,
 * support and flags packed in one number (`packCode`), evidence line.
 */
export type PackedRow = [id: string, name: string, file: number, position: string, duration: string, code: number, evidence: number];
/** One line of `#rows-data`: a chunk's distinct test files, then its rows. */
export type ChunkData = [files: string[], rows: PackedRow[]];

export const packCode = (state: Row['state'], support: SupportState, flags: number): number =>
  TEST_STATES.indexOf(state) | (SUPPORT_STATES.indexOf(support) << 2) | (flags << 4);

export function unpackChunk([files, rows]: ChunkData): Row[] {
  return rows.map(([id, name, file, position, duration, code, evidence]) => ({
    id,
    name,
    meta: `${files[file] ?? ''}${position ? `:${position}` : ''} · ${duration}`,
    state: TEST_STATES[code & 3]!,
    support: SUPPORT_STATES[(code >> 2) & 3]!,
    flags: code >> 4,
    evidence,
  }));
}

/** Element ids and the classes the script reads or sets. */
export const IDS = {
  rows: 'rows-data',
  evidence: 'evidence-data',
  text: 'f-text',
  show: 'f-show',
  area: 'f-area',
  count: 'f-count',
  none: 'f-none',
  expand: 'f-open',
  collapse: 'f-close',
  reset: 'f-reset',
} as const;

/** The `f-show` filter's values besides the test states. */
export const SHOW_EXTRA = { waived: 'waived', unsupported: 'unsupported', contradicts: 'contradicts', flaky: 'flaky' } as const;

export const testAnchor = (testId: string): string => `test-${testId}`;
export const areaAnchor = (area: string): string => `area-${area}`;

/** Labels of the support states, for the badge a test row shows (none for a test that did not pass). */
export const SUPPORT_LABELS: Record<SupportState, string> = {
  supports: 'evidence',
  unsupported: 'no evidence',
  contradicts: 'contradicts',
  none: '',
};
