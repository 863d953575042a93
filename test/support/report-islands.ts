import { inflateRawSync } from 'node:zlib';
import { ISLAND_ENCODING, ISLAND_TYPE } from '../../src/report/data-island.js';

const island = (id: string, flags = '') =>
  new RegExp(`(<script type="${ISLAND_TYPE}" id="${id}" data-encoding="${ISLAND_ENCODING}">)([^<]*)(</script>)`, flags);

/** An island's data inflated as the page inflates it. */
const inflate = (data: string): string => (data === '' ? '' : inflateRawSync(Buffer.from(data, 'base64')).toString('utf8'));

/** The lines of a report's data island, inflated as the page inflates them. */
export function islandLines(page: string, id: string): string[] {
  const found = island(id).exec(page);
  if (!found) throw new Error(`the page has no data island #${id}`);
  return found[2] === '' ? [] : inflate(found[2]!).split('\n');
}

/** The page with its data islands inflated in place: what a search for leaked values must read. */
export function inflatedPage(page: string): string {
  return page.replace(island('[^"]+', 'g'), (_all, open: string, data: string, close: string) => `${open}${inflate(data)}${close}`);
}
