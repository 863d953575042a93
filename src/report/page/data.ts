import { IDS, unpackChunk, type ChunkData, type Row, type TreeElement } from '../page-contract.js';

/**
 * The lines of a data island (report/data-island.ts: deflate-raw, then base64), inflated by
 * the browser's DecompressionStream; each line is parsed only when it is first needed.
 */
async function islandLines(id: string): Promise<string[]> {
  const text = document.getElementById(id)?.textContent ?? '';
  if (!text) return [];
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return (await new Response(inflated).text()).split('\n');
}

/**
 * The page's data: one line of rows per chunk (`#rows-data`) and one line of evidence per
 * distinct opened-test content (`#evidence-data`), each parsed when it is first needed.
 */
export class PageData {
  readonly #rowLines: string[];
  readonly #evidenceLines: string[];
  readonly #chunks: Array<Row[] | undefined> = [];
  readonly #evidence = new Map<number, TreeElement[]>();

  private constructor(rowLines: string[], evidenceLines: string[]) {
    this.#rowLines = rowLines;
    this.#evidenceLines = evidenceLines;
  }

  static async load(): Promise<PageData> {
    const [rows, evidence] = await Promise.all([islandLines(IDS.rows), islandLines(IDS.evidence)]);
    return new PageData(rows, evidence);
  }

  chunkRows(chunk: number): Row[] {
    let rows = this.#chunks[chunk];
    if (!rows) {
      const line = this.#rowLines[chunk];
      rows = line ? unpackChunk(JSON.parse(line) as ChunkData) : [];
      this.#chunks[chunk] = rows;
    }
    return rows;
  }

  /** The trees of an evidence line; `keep` holds them for the next call (a test that opens again). */
  evidence(index: number, keep = true): TreeElement[] {
    if (index < 0) return [];
    let trees = this.#evidence.get(index);
    if (!trees) {
      const line = this.#evidenceLines[index];
      trees = line ? (JSON.parse(line) as TreeElement[]) : [];
      if (keep) this.#evidence.set(index, trees);
    }
    return trees;
  }
}
