/**
 * The report's only script, bundled into the page at build time (page-bundle.ts) and
 * allowed by its sha256 in the CSP. It reads the page's data-* attributes, the text the
 * server escaped and the data islands (JSON lines, deflated; page/data.ts), and writes only with createElement, text nodes,
 * textContent, className, classList, dataset, the `hidden` property and attribute
 * (`until-found`), `aria-expanded`/`aria-pressed`, a checked href and CSSOM sizes, never
 * innerHTML.
 *
 * The filter measures `0bit-filter` and opening a test `0bit-open` (performance.measure),
 * which the benchmark reads.
 */
import { IDS } from '../page-contract.js';
import { PageData } from './data.js';
import { EvidenceView } from './evidence-view.js';
import { isActive, SearchIndex, showMatches, type Criteria } from './filter.js';
import { isOpen, type TestRow } from './rows.js';
import { TestList } from './test-list.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

document.documentElement.classList.add('js');

/** Everything that reads the rows or the evidence: once the data islands are inflated, soon after DOMContentLoaded. */
function start(data: PageData): void {
  const list = new TestList(data);
  const evidence = new EvidenceView(list, data);
  const search = new SearchIndex(list, data);
  const text = byId<HTMLInputElement>(IDS.text);
  const area = byId<HTMLSelectElement>(IDS.area);
  const show = byId<HTMLSelectElement>(IDS.show);
  const count = byId<HTMLElement>(IDS.count);
  const none = byId<HTMLElement>(IDS.none);

  /** `10,000`: like toLocaleString('en-US'), whose first call loads locale data, which would make the first filter slow. */
  const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

  const criteria = (): Criteria => ({ needle: text.value.trim().toLowerCase(), area: area.value, show: show.value });

  function apply(): void {
    performance.mark('0bit-filter-start');
    const c = criteria();
    const active = isActive(c);
    let visible: Uint8Array | undefined;
    let shown = list.total;
    if (active) {
      const rows = list.allRows();
      const areas = list.areas();
      const hay = c.needle ? search.all() : undefined;
      visible = new Uint8Array(rows.length);
      shown = 0;
      // A plain loop: the first filter runs before the engine has optimised anything.
      for (let i = 0; i < rows.length; i++) {
        if (c.area && areas[i] !== c.area) continue;
        if (c.show && !showMatches(rows[i]!, c.show)) continue;
        if (hay && hay[i]!.indexOf(c.needle) < 0) continue;
        visible[i] = 1;
        shown++;
      }
    }
    const perArea = list.show(visible);
    for (const section of list.sections) {
      const hide = active && !perArea.get(section.dataset.area ?? '');
      if (section.hidden !== hide) section.hidden = hide;
    }
    none.hidden = !active || shown > 0;
    const total = grouped(list.total);
    count.textContent = active ? `Showing ${grouped(shown)} of ${total} tests` : `${total} tests`;
    performance.mark('0bit-filter-end');
    performance.measure('0bit-filter', '0bit-filter-start', '0bit-filter-end');
  }

  function resetFilter(): void {
    text.value = '';
    area.value = '';
    show.value = '';
    apply();
  }

  /** Every test the filter shows: built, then opened or closed. */
  function setAll(opened: boolean): TestRow[] {
    const changed: TestRow[] = [];
    list.syncAll();
    for (let i = 0; i < list.total; i++) {
      if (!list.isVisible(i)) continue;
      const c = list.chunks[list.chunkOf(i)]!;
      const row = c.rows?.[i - c.first];
      if (!row || isOpen(row) === opened) continue;
      if (opened) evidence.open(row);
      else evidence.close(row);
      changed.push(row);
    }
    return changed;
  }

  /** A link to a test (`#test-<id>`) opens it, built and in view, clearing a filter that hides it. */
  function reveal(): void {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id.startsWith('test-')) return;
    const index = list.indexOfId(id.slice('test-'.length));
    if (index === undefined) return;
    if (!list.isVisible(index)) resetFilter();
    const row = list.element(index);
    evidence.open(row);
    row.scrollIntoView();
  }

  /** The sticky navigation's height, so anything scrolled into view lands below it. */
  function stickyOffset(): void {
    const nav = document.querySelector<HTMLElement>('nav.toc');
    if (nav) document.documentElement.style.setProperty('--sticky', `${nav.offsetHeight}px`);
  }

  /** A row the server wrote as `<details>`, opened before its chunk was built: the page's row for it, opened. */
  function openWritten(details: HTMLDetailsElement): void {
    const index = list.indexOf(details);
    if (index !== undefined) evidence.open(list.element(index), true);
  }

  document.addEventListener('click', (event) => {
    const target = event.target as Element;
    const head = target.closest?.('.t > .ts');
    if (head) {
      evidence.toggle(head.parentElement as TestRow);
      return;
    }
    const summary = target.closest?.('details.t > summary');
    if (summary) {
      event.preventDefault();
      openWritten(summary.parentElement as HTMLDetailsElement);
    }
  });
  /* Opened by the browser itself: find in page reaching a closed body, or a `<details>` row not rebuilt yet. */
  document.addEventListener(
    'beforematch',
    (event) => {
      const row = (event.target as Element).closest('div.t');
      if (row) evidence.open(row as TestRow);
    },
    true,
  );
  document.addEventListener(
    'toggle',
    (event) => {
      const row = event.target as HTMLDetailsElement;
      if (row.open && row.matches('details.t')) openWritten(row);
    },
    true,
  );

  text.addEventListener('input', apply);
  area.addEventListener('change', apply);
  show.addEventListener('change', apply);
  byId(IDS.expand).addEventListener('click', () => setAll(true));
  byId(IDS.collapse).addEventListener('click', () => setAll(false));
  byId(IDS.reset).addEventListener('click', () => {
    resetFilter();
    text.focus();
  });
  window.addEventListener('hashchange', reveal);
  window.addEventListener('resize', stickyOffset);

  /* Paper shows what the screen shows, opened: every test the filter shows prints with its evidence. */
  let printed: TestRow[] = [];
  window.addEventListener('beforeprint', () => {
    printed = setAll(true);
  });
  window.addEventListener('afterprint', () => {
    for (const row of printed) evidence.close(row);
    printed = [];
  });

  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
    button.addEventListener('click', () => {
      const source = document.getElementById(button.dataset.copy ?? '');
      const done = (label: string) => {
        button.textContent = label;
      };
      if (navigator.clipboard && source) {
        navigator.clipboard.writeText(source.textContent ?? '').then(
          () => done('Copied'),
          () => done('Select and copy the command'),
        );
      } else {
        done('Select and copy the command');
      }
    });
  }

  // Measured after the first layout, so the page's load does not force one.
  requestAnimationFrame(stickyOffset);
  // What the reader did before the data was ready: a test opened without script, a filter the browser restored.
  for (const details of document.querySelectorAll<HTMLDetailsElement>('details.t[open]')) openWritten(details);
  if (isActive(criteria())) apply();
  reveal();
  list.buildWhileIdle();
  search.buildWhileIdle();
}

PageData.load().then(start, (error: unknown) => {
  // The tests that need attention still open without the script, as <details>.
  console.error('0bit-launch report: the page data could not be read', error);
});
