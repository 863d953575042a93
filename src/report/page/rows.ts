import { FLAG, SUPPORT_LABELS, testAnchor, type Row } from '../page-contract.js';
import { h } from './dom.js';

/**
 * A test row as the page shows it: a disclosure button (the APG disclosure pattern) over a
 * body that holds its notes, failure message, waiver and evidence. Not `<details>`: in
 * Chromium opening one `<details>` restyles in time that grows with the whole document
 * (bench/RESULTS.md), and the page holds every test. A closed body is `hidden="until-found"`,
 * so find in page still reaches it and opens the test, as it would open a `<details>`.
 */
export type TestRow = HTMLDivElement;

/** Built as the server builds its markup rows (area-sections.ts `renderTestRow`): state badge, marks, name, location and duration. */
export function buildRow({ id, name, meta, state, support, flags }: Row): TestRow {
  const row = h('div', 't');
  row.id = testAnchor(id);
  row.dataset.state = state;
  if (flags & FLAG.waived) row.dataset.waived = '';
  const head = h('button', 'ts');
  head.type = 'button';
  head.setAttribute('aria-expanded', 'false');
  head.append(h('span', `b s-${state}`, state));
  if (flags & FLAG.waived) head.append(h('span', 'b s-waived', 'waived'));
  if (support !== 'none') head.append(h('span', `sup sup-${support}`, SUPPORT_LABELS[support]));
  if (flags & FLAG.flaky) head.append(h('span', 'mk', 'flaky'));
  if (flags & FLAG.inverted) head.append(h('span', 'mk', 'test.fails'));
  head.append(h('span', 'tn', name), h('span', 'tm', meta));
  row.append(head);
  return row;
}

/**
 * A row the server wrote as `<details>` (so it opens without script), rebuilt as the page's
 * row with the server's body moved into it; open if the reader had opened it, and keeping focus.
 */
export function adoptRow(markup: HTMLDetailsElement, data: Row): TestRow {
  const row = buildRow(data);
  const summary = markup.querySelector(':scope > summary');
  const body = bodyOf(row);
  for (const child of [...markup.children]) if (child !== summary) body.append(child);
  const focused = summary !== null && summary === document.activeElement;
  markup.replaceWith(row);
  if (markup.open) setOpen(row, true);
  if (focused) headOf(row).focus();
  return row;
}

export const headOf = (row: TestRow): HTMLButtonElement => row.firstElementChild as HTMLButtonElement;

export const isOpen = (row: TestRow): boolean => row.classList.contains('open');

/** The row's body, made (closed) the first time something goes into it. */
export function bodyOf(row: TestRow): HTMLDivElement {
  const last = row.lastElementChild;
  if (last?.classList.contains('tb')) return last as HTMLDivElement;
  const body = h('div', 'tb');
  if (!isOpen(row)) body.setAttribute('hidden', 'until-found');
  row.append(body);
  return body;
}

export function setOpen(row: TestRow, open: boolean): void {
  row.classList.toggle('open', open);
  headOf(row).setAttribute('aria-expanded', String(open));
  const body = row.lastElementChild;
  if (!body?.classList.contains('tb')) return;
  if (open) body.removeAttribute('hidden');
  else body.setAttribute('hidden', 'until-found');
}
