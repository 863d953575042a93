import { FLAG, ROW_HEIGHT_PX, type Row } from '../page-contract.js';
import type { PageData } from './data.js';
import { whileIdle } from './idle.js';
import { adoptRow, buildRow, type TestRow } from './rows.js';

interface Chunk {
  el: HTMLElement;
  area: string;
  /** Page-order index of the chunk's first test. */
  first: number;
  count: number;
  /** The chunk's rows once built, in page order. */
  rows?: TestRow[];
  shown: number;
  /** Near the viewport (within the observer's margin). */
  near: boolean;
  /** Its rows' `hidden` flags lag behind the filter (it was far from the viewport when the filter changed). */
  stale: boolean;
}

/**
 * Every test row on the page, in chunks of up to CHUNK_SIZE. The server writes only the
 * rows that need attention as markup (`<details>`, rebuilt as the page's rows when their
 * chunk is built); a chunk's other rows are built from `#rows-data`
 * when the chunk comes near the viewport, when a link, Expand all or printing needs them,
 * or else while the page is idle. Until then the chunk holds its estimated height, so the
 * page does not jump. The filter hides whole chunks at once and a chunk's rows when the
 * chunk is near the viewport, so typing in it never touches 10,000 rows.
 */
export class TestList {
  readonly chunks: Chunk[] = [];
  readonly sections: HTMLElement[];
  readonly total: number;
  readonly #data: PageData;
  readonly #position = new WeakMap<Element, number>();
  #ids: Map<string, number> | undefined;
  #rows: Row[] | undefined;
  #areas: string[] | undefined;
  #visible: Uint8Array | undefined;

  constructor(data: PageData) {
    this.#data = data;
    this.sections = [...document.querySelectorAll<HTMLElement>('section.area')];
    let first = 0;
    for (const section of this.sections) {
      for (const el of section.querySelectorAll<HTMLElement>('.chunk')) {
        const count = Number(el.dataset.n);
        this.chunks.push({ el, area: section.dataset.area ?? '', first, count, shown: count, near: false, stale: false });
        first += count;
      }
    }
    this.total = first;
    for (const chunk of this.chunks) this.#size(chunk);
    if ('IntersectionObserver' in window) {
      const observer = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const c = this.chunks.findIndex((chunk) => chunk.el === e.target);
            this.chunks[c]!.near = e.isIntersecting;
            if (e.isIntersecting) this.sync(c);
          }
        },
        { rootMargin: '800px 0px' },
      );
      for (const chunk of this.chunks) observer.observe(chunk.el);
    } else {
      for (const chunk of this.chunks) chunk.near = true;
      this.syncAll();
    }
  }

  /** Rows of every chunk, in page order (parses all of `#rows-data` the first time). */
  allRows(): Row[] {
    this.#rows ??= this.chunks.flatMap((_, c) => this.#data.chunkRows(c));
    return this.#rows;
  }

  /** The area of every row, in page order. */
  areas(): string[] {
    this.#areas ??= this.chunks.flatMap((chunk) => Array<string>(chunk.count).fill(chunk.area));
    return this.#areas;
  }

  chunkOf(index: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid]!.first <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  indexOfId(id: string): number | undefined {
    if (!this.#ids) {
      this.#ids = new Map();
      for (const [i, row] of this.allRows().entries()) this.#ids.set(row.id, i);
    }
    return this.#ids.get(id);
  }

  /** A row's page-order index; a row written as markup in a chunk not built yet builds its chunk first. */
  indexOf(row: Element): number | undefined {
    if (!this.#position.has(row)) this.sync(this.chunks.findIndex((c) => c.el === row.parentElement));
    return this.#position.get(row);
  }

  row(index: number): Row {
    const c = this.chunkOf(index);
    return this.#data.chunkRows(c)[index - this.chunks[c]!.first]!;
  }

  /** The row element of a test, its chunk built and in step with the filter. */
  element(index: number): TestRow {
    const c = this.chunkOf(index);
    this.sync(c);
    return this.chunks[c]!.rows![index - this.chunks[c]!.first]!;
  }

  /** Builds a chunk's rows if it has none, and brings their `hidden` flags in step with the filter. */
  sync(c: number): void {
    const chunk = this.chunks[c];
    if (!chunk) return;
    if (!chunk.rows) this.#build(c, chunk);
    else if (chunk.stale) this.#hideRows(chunk);
  }

  syncAll(): void {
    for (let c = 0; c < this.chunks.length; c++) this.sync(c);
  }

  /**
   * Builds the chunks nobody scrolled to yet, one per slice of idle time, so the page's own
   * find (Ctrl+F) soon sees every test while the page still opens without them.
   */
  buildWhileIdle(): void {
    let next = 0;
    whileIdle(() => {
      while (next < this.chunks.length && this.chunks[next]!.rows) next++;
      if (next === this.chunks.length) {
        performance.mark('0bit-rows-built');
        return false;
      }
      this.sync(next);
      return true;
    });
  }

  isVisible(index: number): boolean {
    return !this.#visible || this.#visible[index] === 1;
  }

  /** Shows the tests `visible` marks (all when undefined); returns how many it shows per area. */
  show(visible: Uint8Array | undefined): Map<string, number> {
    this.#visible = visible;
    const perArea = new Map<string, number>();
    for (const chunk of this.chunks) {
      let shown = chunk.count;
      if (visible) {
        shown = 0;
        for (let i = 0; i < chunk.count; i++) shown += visible[chunk.first + i]!;
      }
      if (chunk.rows) {
        if (chunk.near && shown > 0) this.#hideRows(chunk);
        else chunk.stale = true;
      }
      if (shown !== chunk.shown) {
        chunk.shown = shown;
        this.#size(chunk);
      }
      perArea.set(chunk.area, (perArea.get(chunk.area) ?? 0) + shown);
    }
    return perArea;
  }

  #build(c: number, chunk: Chunk): void {
    const markup = [...chunk.el.querySelectorAll<HTMLDetailsElement>(':scope > details.t')];
    let next = 0;
    const fragment = document.createDocumentFragment();
    chunk.rows = this.#data.chunkRows(c).map((data, i) => {
      let row: TestRow;
      if (data.flags & FLAG.inMarkup) {
        // Rebuilt in place, after the rows before it, so it never leaves the document (nor loses focus).
        const written = markup[next++]!;
        written.before(fragment);
        row = adoptRow(written, data);
        this.#position.set(written, chunk.first + i);
      } else {
        row = buildRow(data);
        fragment.append(row);
      }
      this.#position.set(row, chunk.first + i);
      row.hidden = !this.isVisible(chunk.first + i);
      return row;
    });
    chunk.el.append(fragment);
    chunk.el.style.minHeight = '';
    chunk.stale = false;
  }

  #hideRows(chunk: Chunk): void {
    chunk.rows!.forEach((row, i) => {
      const hide = !this.isVisible(chunk.first + i);
      if (row.hidden !== hide) row.hidden = hide;
    });
    chunk.stale = false;
  }

  /** An unbuilt chunk keeps the height of the rows it will show; a chunk off screen is skipped at that estimate. */
  #size(chunk: Chunk): void {
    const height = `${chunk.shown * ROW_HEIGHT_PX}px`;
    chunk.el.hidden = chunk.shown === 0;
    chunk.el.style.containIntrinsicSize = `auto ${height}`;
    chunk.el.style.minHeight = chunk.rows ? '' : height;
  }
}
