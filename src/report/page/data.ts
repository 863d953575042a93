import { IDS, unpackChunk, type ChunkData, type Row, type TreeElement } from '../page-contract.js';

/** The lines of a `<script type="application/json">` island, split only when first asked for. */
function lines(id: string): () => string[] {
  let cache: string[] | undefined;
  return () => {
    if (!cache) {
      const island = document.getElementById(id);
      cache = island?.textContent ? island.textContent.split('\n') : [];
    }
    return cache;
  };
}

/**
 * The page's data: one line of rows per chunk (`#rows-data`) and one line of evidence per
 * distinct opened-test content (`#evidence-data`), each parsed when it is first needed.
 */
export class PageData {
  readonly #rowLines = lines(IDS.rows);
  readonly #evidenceLines = lines(IDS.evidence);
  readonly #chunks: Array<Row[] | undefined> = [];
  readonly #evidence = new Map<number, TreeElement[]>();

  chunkRows(chunk: number): Row[] {
    let rows = this.#chunks[chunk];
    if (!rows) {
      const line = this.#rowLines()[chunk];
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
      const line = this.#evidenceLines()[index];
      trees = line ? (JSON.parse(line) as TreeElement[]) : [];
      if (keep) this.#evidence.set(index, trees);
    }
    return trees;
  }
}
