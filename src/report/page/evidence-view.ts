import type { PageData } from './data.js';
import { buildTree, h } from './dom.js';
import { bodyOf, isOpen, setOpen, type TestRow } from './rows.js';
import type { TestList } from './test-list.js';

/**
 * Opens and closes tests, building a test's evidence into its body the first time it opens
 * (a click on its row, a link to it, Expand all, printing, or find in page reaching its
 * body), and gives a test that holds both failing and passing items a "failing only"
 * toggle. What failed is listed first already.
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
  build(row: TestRow, measured = false): void {
    const index = this.#list.indexOf(row);
    if (index === undefined || this.#built.has(row)) return;
    this.#built.add(row);
    if (measured) performance.mark('0bit-open-start');
    const fragment = document.createDocumentFragment();
    for (const tree of this.#data.evidence(this.#list.row(index).evidence)) buildTree(tree, fragment);
    const failing = fragment.querySelector('li.n, .ev-bad') !== null;
    const passing = fragment.querySelector('li.y, .ev-ok') !== null;
    const body = bodyOf(row);
    if (failing && passing) body.prepend(failingOnlyToggle(row));
    body.append(fragment);
    if (measured) performance.measure('0bit-open', '0bit-open-start');
  }

  open(row: TestRow, measured = false): void {
    this.build(row, measured);
    setOpen(row, true);
  }

  close(row: TestRow): void {
    setOpen(row, false);
  }

  /** A reader's click or key on the row's button. */
  toggle(row: TestRow): void {
    if (isOpen(row)) this.close(row);
    else this.open(row, true);
  }
}

function failingOnlyToggle(row: TestRow): HTMLButtonElement {
  const button = h('button', 'btn fo-t', 'Failing only');
  button.type = 'button';
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    const on = row.classList.toggle('fo');
    button.setAttribute('aria-pressed', String(on));
  });
  return button;
}
