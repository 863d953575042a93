import { deflateRawSync } from 'node:zlib';

/** How a data island is written, for the page to read it back (page/data.ts). */
export const ISLAND_TYPE = 'application/octet-stream';
export const ISLAND_ENCODING = 'deflate-raw base64';

/**
 * Lines of data (JSON, one value a line) as a `<script>` element the browser never runs:
 * deflated, then base64. The page inflates them after DOMContentLoaded with the browser's
 * own DecompressionStream, so the parser reads a seventh of the bytes before the page can
 * show (the rows of 10,000 tests: 660 kB of JSON, 85 kB written). Base64 holds no `<`, so
 * nothing in the data can end or change the element. Level 4: within 10 % of level 9's size
 * in a tenth of its time, which counts at the end of a large run.
 */
export function dataIsland(id: string, lines: readonly string[]): string {
  const packed = lines.length ? deflateRawSync(lines.join('\n'), { level: 4 }).toString('base64') : '';
  return `<script type="${ISLAND_TYPE}" id="${id}" data-encoding="${ISLAND_ENCODING}">${packed}</script>`;
}
