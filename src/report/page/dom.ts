import { SAFE_HREF, TREE_TAGS, type TreeNode } from '../page-contract.js';

const TAGS: ReadonlySet<string> = new Set(TREE_TAGS);

/** An element with a class and optional text, built without any HTML parsing. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * `['tag.class', ...children]` to DOM: only the tags of `TREE_TAGS`, text only as text
 * nodes, and for `a` only an href that `SAFE_HREF` admits (its first child), so nothing
 * in the data can become markup or script.
 */
export function buildTree(spec: TreeNode, parent: Node): void {
  if (!Array.isArray(spec)) {
    parent.appendChild(document.createTextNode(String(spec)));
    return;
  }
  const [selector, ...children] = spec;
  const [tag, ...classes] = String(selector).split('.');
  if (tag === undefined || !TAGS.has(tag)) return;
  const el = document.createElement(tag);
  if (classes.length) el.className = classes.join(' ');
  let rest = children;
  if (tag === 'a') {
    const href = children[0];
    if (typeof href === 'string' && SAFE_HREF.test(href)) el.setAttribute('href', href);
    rest = children.slice(1);
  }
  for (const child of rest) buildTree(child, el);
  parent.appendChild(el);
}

/** The text a tree shows, for the search index of tests that are not built yet. */
export function treeText(spec: TreeNode, out: string[]): void {
  if (!Array.isArray(spec)) {
    out.push(String(spec));
    return;
  }
  const start = spec[0].split('.')[0] === 'a' ? 2 : 1;
  for (let i = start; i < spec.length; i++) treeText(spec[i]!, out);
}
