import { inflateRawSync } from 'node:zlib';
import { ISLAND_ENCODING, ISLAND_TYPE } from '../../src/report/data-island.js';

const islandPattern = (id: string) => new RegExp(`<script type="${ISLAND_TYPE}" id="${id}" data-encoding="${ISLAND_ENCODING}">([^<]*)</script>`);

/** The lines of a report's data island, inflated as the page inflates them. */
export function islandLines(page: string, id: string): string[] {
  const found = islandPattern(id).exec(page);
  if (!found) throw new Error(`the page has no data island #${id}`);
  return found[1] === '' ? [] : inflateRawSync(Buffer.from(found[1]!, 'base64')).toString('utf8').split('\n');
}

/** The page with its data islands inflated in place: what a search for leaked values must read. */
export function inflatedPage(page: string): string {
  return page.replace(
    new RegExp(`(<script type="${ISLAND_TYPE}" id="([^"]+)" data-encoding="${ISLAND_ENCODING}">)([^<]*)(</script>)`, 'g'),
    (_all, open: string, id: string, _data: string, close: string) => `${open}${islandLines(page, id).join('\n')}${close}`,
  );
}
