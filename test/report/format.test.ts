import { describe, expect, it } from 'vitest';
import { grouped, plural } from '../../src/report/format.js';

describe('counts on the report', () => {
  it('groups thousands as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 10_000, 1_234_567, -1000, 12.5]) expect(grouped(n)).toBe(n.toLocaleString('en-US'));
  });

  it('says one or many', () => {
    expect(plural(1, 'test')).toBe('1 test');
    expect(plural(10_000, 'test')).toBe('10,000 tests');
    expect(plural(2, 'evidence', 'evidence')).toBe('2 evidence');
  });
});
