import type { PageData } from './data.js';
import { buildTree, h } from './dom.js';
import type { TestList } from './test-list.js';

/**
 * Builds a test's evidence into it the first time it opens (a click on its summary, a link
 * to it, Expand all, printing or any other toggle), and gives a test that holds both
 * failing and passing items a "failing only" toggle. What failed is listed first already.
 */
export class EvidenceView {
  readonly #built = new WeakSet<Element>();
  readonly #list: TestList;
  readonly #data: PageData;

  constructor(list: TestList, data: PageData) {
    this.#list = list;
    this.#data = data;
  }

  /** Builds a row's evidence once; `measured` (a reader opening one test) records the `0bit-open` measure. */
  build(row: HTMLDetailsElement, measured = false): void {
    const index = this.#list.indexOf(row);
    if (index === undefined || this.#built.has(row)) return;
    this.#built.add(row);
    if (measured) performance.mark('0bit-open-start');
    const fragment = document.createDocumentFragment();
    for (const tree of this.#data.evidence(this.#list.row(index).evidence)) buildTree(tree, fragment);
    const failing = fragment.querySelector('li.n, .ev-bad') !== null;
    const passing = fragment.querySelector('li.y, .ev-ok') !== null;
    if (failing && passing) row.querySelector(':scope > summary')!.after(failingOnlyToggle(row));
    row.append(fragment);
    if (measured) performance.measure('0bit-open', '0bit-open-start');
  }

  open(row: HTMLDetailsElement): void {
    this.build(row);
    row.open = true;
  }
}

function failingOnlyToggle(row: HTMLDetailsElement): HTMLButtonElement {
  const button = h('button', 'btn fo-t', 'Failing only');
  button.type = 'button';
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    const on = row.classList.toggle('fo');
    button.setAttribute('aria-pressed', String(on));
  });
  return button;
}
