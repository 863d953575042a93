import { SAFE_HREF, type TreeElement, type TreeNode, type TreeTag } from './page-contract.js';

export { TREE_TAGS, type TreeElement, type TreeNode } from './page-contract.js';

/*
 * Markup as data, for what the page builds only when it is needed: an element is
 * `['tag.class.class', ...children]`, a child is text or another element. The page script
 * turns it into DOM with createElement, className and text nodes, for the tags in
 * `TREE_TAGS` only, so nothing in it can ever be parsed as HTML.
 */

type Child = TreeNode | '' | false | undefined;

/** `el('li.y', el('b', name), ' ', note)`: empty strings, `false` and `undefined` are left out. */
export function el(selector: Exclude<TreeTag, 'a'> | `${Exclude<TreeTag, 'a'>}.${string}`, ...children: Child[]): TreeElement {
  const node: TreeElement = [selector];
  for (const c of children) if (c !== '' && c !== false && c !== undefined) node.push(c);
  return node;
}

/** A link; the page script sets the href only when it matches `SAFE_HREF`. */
export function link(selector: 'a' | `a.${string}`, href: string, text: string): TreeElement {
  if (!SAFE_HREF.test(href)) throw new TypeError(`not a safe href: ${href}`);
  return [selector, href, text];
}

/**
 * One value as one line of a data island (data-island.ts): the page parses a line only when
 * it needs it, so it never holds every value as objects at once. JSON.stringify writes no raw
 * newline, and every `<` is written as `\u003c`, so a line is also safe wherever HTML could
 * hold it: no `</script>` or `<!--` in the data can end or change an element.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
