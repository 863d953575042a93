import { describe, expect, it } from 'vitest';
import { entropyBits, isMaskable, unmaskableReason } from '../../src/redaction/rule.js';

describe('the masking rule', () => {
  it.each([
    ['1', /shorter than 8/],
    ['true', /shorter than 8/],
    ['hunter2', /shorter than 8/],
    ['postgres', /one character class/],
    ['localhost', /one character class/],
    ['12345678', /one character class/],
    ['abababababababab', /bits of entropy/],
    ['aaaaaaaaaaaaaaaaaaaaaaaa', /bits of entropy/],
    ['Passw0rd', /bits of entropy/],
    ['ab\u0000cdefgh12', /NUL/],
  ])('does not mask %j (%s)', (value, reason) => {
    expect(isMaskable(value)).toBe(false);
    expect(unmaskableReason(value)).toMatch(reason);
  });

  it.each(['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'aB3dE5gH', 'pW9#xQ2!mZ7@kL4$', 'password123', '1234567890123456', '9f86d081884c7d659a2feaa0c55ad015'])(
    'masks %j',
    (value) => {
      expect(unmaskableReason(value)).toBeUndefined();
    },
  );

  it('counts bits from the value’s own character frequencies', () => {
    expect(entropyBits('aaaa')).toBe(0);
    expect(entropyBits('abcd')).toBe(8);
    expect(entropyBits('aabb')).toBe(4);
  });
});
