import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomAlnum, randomId } from '../../src/base/random-id.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `byte % 62` gives each of the first 256 % 62 = 8 letters 5 chances in 256 and the other 54
 * four: those 8 come up 25% more often. This is their mean count over the others' mean.
 */
function moduloSkew(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  const mean = (chars: string) => [...chars].reduce((n, c) => n + (counts.get(c) ?? 0), 0) / chars.length;
  return mean(ALNUM.slice(0, 8)) / mean(ALNUM.slice(8));
}

describe('randomAlnum / randomId', () => {
  it('draws from the 62 alphanumerics without modulo bias', () => {
    const n = 62 * 2_000;
    // Positive control: the statistic sees the bias of the old `byte % 62` helper (≈1.25).
    const biased = [...randomBytes(n)].map((b) => ALNUM[b % 62]).join('');
    expect(moduloSkew(biased)).toBeGreaterThan(1.15);
    // Each letter ≈2,000 draws (sd ≈45), so the 8-letter mean's ratio is 1 ± ~0.01: 1.08 is far outside chance.
    const drawn = randomAlnum(n);
    expect(drawn).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(drawn).size).toBe(62);
    expect(moduloSkew(drawn)).toBeLessThan(1.08);
    expect(moduloSkew(drawn)).toBeGreaterThan(0.92);
  });

  it('makes ids in 0Bit’s shape', () => {
    expect(randomId('evt')).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    expect(randomId('p', 6)).toMatch(/^p_[A-Za-z0-9]{6}$/);
  });
});
