import { raw, type Markup } from './markup.js';

/**
 * Markup as data, for what the page builds only when it is needed: an element is
 * `['tag.class.class', ...children]`, a child is text or another element. The page script
 * turns it into DOM with createElement, className and text nodes, for the tags in
 * `TREE_TAGS` only, so nothing in it can ever be parsed as HTML.
 */
export type TreeElement = [selector: string, ...children: TreeNode[]];
export type TreeNode = string | TreeElement;

type Child = TreeNode | '' | false | undefined;

/** The tags the page script will build; anything else it drops. */
export const TREE_TAGS = ['p', 'b', 'small', 'code', 'pre', 'ul', 'li', 'div', 'span', 'dl', 'dt', 'dd'] as const;
type TreeTag = (typeof TREE_TAGS)[number];

/** `el('li.y', el('b', name), ' ', note)`: empty strings, `false` and `undefined` are left out. */
export function el(selector: TreeTag | `${TreeTag}.${string}`, ...children: Child[]): TreeElement {
  const node: TreeElement = [selector];
  for (const c of children) if (c !== '' && c !== false && c !== undefined) node.push(c);
  return node;
}

/**
 * Values as JSON, one a line, for a `<script type="application/json">` element: the page
 * parses one line when it needs it, so it never holds every value as objects at once.
 * JSON.stringify writes no raw newline, and every `<` is written as `\u003c`, so no
 * `</script>` or `<!--` in the data can end or change the element.
 */
export function jsonLines(values: readonly unknown[]): Markup {
  return raw(values.map((v) => JSON.stringify(v)).join('\n').replace(/</g, '\\u003c'));
}
