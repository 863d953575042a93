import { FLAG, SUPPORT_LABELS, testAnchor, type Row } from '../page-contract.js';
import { h } from './dom.js';

/**
 * A test row the server left as data, built as the server builds its markup rows
 * (area-sections.ts `renderTestRow`): state badge, marks, name, location and duration.
 */
export function buildRow({ id, name, meta, state, support, flags }: Row): HTMLDetailsElement {
  const row = h('details', 't');
  row.id = testAnchor(id);
  row.dataset.state = state;
  if (flags & FLAG.waived) row.dataset.waived = '';
  const summary = h('summary');
  summary.append(h('span', `b s-${state}`, state));
  if (flags & FLAG.waived) summary.append(h('span', 'b s-waived', 'waived'));
  if (support !== 'none') summary.append(h('span', `sup sup-${support}`, SUPPORT_LABELS[support]));
  if (flags & FLAG.flaky) summary.append(h('span', 'mk', 'flaky'));
  if (flags & FLAG.inverted) summary.append(h('span', 'mk', 'test.fails'));
  summary.append(h('span', 'tn', name), h('span', 'tm', meta));
  row.append(summary);
  return row;
}
