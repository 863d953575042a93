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

/**
 * One test as the page script receives it: id, full name, `file:line:column · duration`,
 * state, support, flags and the line of `#evidence-data` that holds what it shows when
 * opened (-1 for none).
 */
export type RowData = [id: string, name: string, meta: string, state: string, support: SupportState, flags: number, evidence: number];

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
