import { describe, expect, it } from 'vitest';
import { MultiSearch } from '../../src/detect/known-secrets.js';

/** Every occurrence of every needle, by the plainest search there is. */
function naive(text: string, needles: string[]): string[] {
  const out: string[] = [];
  for (const n of needles) for (let at = text.indexOf(n); at !== -1; at = text.indexOf(n, at + 1)) out.push(`${at}:${n}`);
  return out.sort();
}

function search(text: string, needles: string[]): string[] {
  const hits: Array<{ start: number; end: number; tag: string }> = [];
  new MultiSearch(needles.map((n) => ({ text: n, tag: n }))).findAll(text, hits);
  return hits.map((h) => `${h.start}:${h.tag}`).sort();
}

describe('MultiSearch (Wu–Manber)', () => {
  it('finds what indexOf finds: overlapping, adjacent, at both ends, needles of different lengths', () => {
    const needles = ['abcab', 'cabca', 'bca', 'abcabcabc', 'zzz'];
    const text = 'abcabcabcabc zzzz abcab';
    expect(search(text, needles)).toEqual(naive(text, needles));
    expect(search('abcab', needles)).toEqual(['0:abcab', '1:bca']);
  });

  it('agrees with indexOf on random texts over a small alphabet (many near misses)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const word = (length: number) => Array.from({ length }, () => 'abcd\u00e9\u2603'[rand(6)]).join('');
    for (let round = 0; round < 200; round++) {
      const needles = [...new Set(Array.from({ length: 1 + rand(6) }, () => word(3 + rand(8))))];
      const text = word(rand(400));
      expect(search(text, needles), `${JSON.stringify(needles)} in ${JSON.stringify(text)}`).toEqual(naive(text, needles));
    }
  });

  it('refuses needles shorter than its block', () => {
    expect(() => new MultiSearch([{ text: 'a', tag: 0 }])).toThrow(RangeError);
  });
});
