/**
 * Finds every form of the known secrets (the key under test, values registered by other
 * matchers) in one pass. Each secret has about ten forms (plain, base64 at three byte
 * alignments, hex, percent- and \u-escaped), and a run registers several secrets; one
 * `indexOf` per form reads the text dozens of times. This is the Wu–Manber multi-pattern
 * search (Wu & Manber, "A fast algorithm for multi-pattern searching", 1994): it looks at
 * the last two characters of a window as long as the shortest form and skips ahead by as
 * much as no form allows them there, so it touches a fraction of the text.
 */

export interface Needle<T> {
  text: string;
  /** What the caller attaches to a hit (the secret, its kind, how it was encoded). */
  tag: T;
}

export interface Hit<T> {
  start: number;
  end: number;
  tag: T;
}

const BLOCK = 2;

/** Two characters as a table index; characters above U+00FF share slots, which only shortens skips. */
function blockAt(text: string, end: number): number {
  return ((text.charCodeAt(end - 1) & 0xff) << 8) | (text.charCodeAt(end) & 0xff);
}

export class MultiSearch<T> {
  readonly #window: number;
  readonly #shift: Uint8Array;
  readonly #candidates = new Map<number, Needle<T>[]>();

  constructor(needles: readonly Needle<T>[]) {
    if (needles.length === 0 || needles.some((n) => n.text.length < BLOCK)) throw new RangeError('needles must be at least two characters long');
    this.#window = Math.min(...needles.map((n) => n.text.length));
    const m = this.#window;
    this.#shift = new Uint8Array(65536).fill(Math.min(255, m - BLOCK + 1));
    for (const needle of needles) {
      for (let j = BLOCK - 1; j < m; j++) {
        const block = blockAt(needle.text, j);
        this.#shift[block] = Math.min(this.#shift[block]!, m - 1 - j);
      }
      const last = blockAt(needle.text, m - 1);
      const list = this.#candidates.get(last);
      if (list) list.push(needle);
      else this.#candidates.set(last, [needle]);
    }
  }

  /** Every occurrence of every needle, overlapping ones included, in order of their end of window. */
  findAll(text: string, out: Hit<T>[]): void {
    const m = this.#window;
    const shift = this.#shift;
    for (let pos = m - 1; pos < text.length; ) {
      const block = ((text.charCodeAt(pos - 1) & 0xff) << 8) | (text.charCodeAt(pos) & 0xff);
      const skip = shift[block]!;
      if (skip !== 0) {
        pos += skip;
        continue;
      }
      const start = pos - m + 1;
      for (const needle of this.#candidates.get(block)!) {
        if (text.startsWith(needle.text, start)) out.push({ start, end: start + needle.text.length, tag: needle.tag });
      }
      pos++;
    }
  }
}
