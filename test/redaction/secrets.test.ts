import { describe, expect, it } from 'vitest';
import { knownSecrets, registerSecret } from '../../src/evidence/secrets.js';
import { bodyExcerpt, redactHeaders, redactString } from '../../src/evidence/redact.js';
import { leaks, spellings } from './forms.js';

// A value with no credential shape: only its registration makes it known.
const WEBHOOK_SECRET = 'hook-7Gk2Mx9Qw4Lp8Zr3Vt6Nb1Yd5';

describe('registerSecret in a worker', () => {
  it('masks the value at once in every form, in strings, headers and bodies', () => {
    const before = redactString(`x ${WEBHOOK_SECRET}`);
    expect(before).toContain(WEBHOOK_SECRET);
    registerSecret(WEBHOOK_SECRET);
    expect(knownSecrets()).toContain(WEBHOOK_SECRET);
    for (const spelled of Object.values(spellings(WEBHOOK_SECRET))) {
      expect(leaks(redactString(`sig ${spelled}.`), [WEBHOOK_SECRET])).toEqual([]);
      expect(leaks(JSON.stringify(redactHeaders({ 'x-echo': spelled })), [WEBHOOK_SECRET])).toEqual([]);
      expect(leaks(bodyExcerpt(JSON.stringify({ echoed: spelled }))!, [WEBHOOK_SECRET])).toEqual([]);
    }
    expect(redactString(WEBHOOK_SECRET)).toBe('…1Yd5');
  });

  it('keeps too-short values out of the way', () => {
    registerSecret('1234');
    registerSecret(42);
    expect(knownSecrets()).not.toContain('1234');
    expect(redactString('order 1234 of 42')).toBe('order 1234 of 42');
  });
});
