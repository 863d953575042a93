import { FLAG, SHOW_EXTRA, testAnchor, type Row } from '../page-contract.js';
import type { PageData } from './data.js';
import { treeText } from './dom.js';
import { whileIdle } from './idle.js';
import type { TestList } from './test-list.js';

export interface Criteria {
  /** Lower-cased text to find anywhere in a test. */
  needle: string;
  area: string;
  /** A test state, or one of `SHOW_EXTRA`. */
  show: string;
}

export const isActive = (c: Criteria): boolean => c.needle !== '' || c.area !== '' || c.show !== '';

/** Whether a row is one the "show" filter asks for. */
export function showMatches({ state, support, flags }: Row, show: string): boolean {
  switch (show) {
    case SHOW_EXTRA.waived:
      return (flags & FLAG.waived) !== 0;
    case SHOW_EXTRA.flaky:
      return (flags & FLAG.flaky) !== 0;
    case SHOW_EXTRA.unsupported:
    case SHOW_EXTRA.contradicts:
      return support === show;
    default:
      return state === show;
  }
}

/**
 * Each test's whole text (name, location, what its markup shows, its evidence), lower-cased,
 * for the text filter: built in slices while the page is idle, and finished at once when
 * the filter needs it sooner. Tests with the same evidence share its text.
 */
export class SearchIndex {
  readonly #texts: string[] = [];
  readonly #evidenceText = new Map<number, string>();
  readonly #list: TestList;
  readonly #data: PageData;
  #rows: Row[] | undefined;

  constructor(list: TestList, data: PageData) {
    this.#list = list;
    this.#data = data;
  }

  all(): string[] {
    while (this.#texts.length < this.#list.total) this.#next();
    return this.#texts;
  }

  /** Builds the index in slices of idle time. */
  buildWhileIdle(): void {
    whileIdle(() => {
      for (let k = 0; k < 100 && this.#texts.length < this.#list.total; k++) this.#next();
      if (this.#texts.length < this.#list.total) return true;
      performance.mark('0bit-index-built');
      return false;
    });
  }

  #next(): void {
    this.#rows ??= this.#list.allRows();
    const i = this.#texts.length;
    const { id, name, meta, flags, evidence } = this.#rows[i]!;
    const markup = flags & FLAG.inMarkup ? (document.getElementById(testAnchor(id))?.textContent ?? '') : '';
    this.#texts.push(`${name}\n${meta}\n${markup}\n${this.#evidence(evidence)}`.toLowerCase());
  }

  #evidence(index: number): string {
    if (index < 0) return '';
    let text = this.#evidenceText.get(index);
    if (text === undefined) {
      const out: string[] = [];
      for (const tree of this.#data.evidence(index, false)) treeText(tree, out);
      text = out.join('');
      this.#evidenceText.set(index, text);
    }
    return text;
  }
}
