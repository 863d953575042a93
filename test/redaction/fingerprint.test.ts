import { describe, expect, it } from 'vitest';
import { fingerprintable, fingerprintsOf } from '../../src/redaction/fingerprint.js';
import { fingerprintsIn, SECRET_ARTIFACT_TYPE } from '../../src/redaction/artifact.js';
import { formsOf } from '../../src/redaction/forms.js';

const OPAQUE = 'opq7Hd92kLmQ0zXc81VbNm3PqRtY';
const KEY = 'sk_live_Q7mXw2Lr9TzK4pVb8NcY3hJd';

describe('fingerprintsOf', () => {
  it('gives one fingerprint per form, none of which holds more of any form than the mask shows', () => {
    const fingerprints = fingerprintsOf(OPAQUE);
    const forms = formsOf(OPAQUE);
    expect(fingerprints).toHaveLength(forms.length);
    const serialised = JSON.stringify(fingerprints);
    for (const form of forms) {
      // Any 5 consecutive characters of a form would be more than the 4 the mask shows.
      for (let i = 0; i + 5 <= form.text.length; i++) expect(serialised).not.toContain(form.text.slice(i, i + 5));
    }
    expect(fingerprints.every((f) => f.anchor.length === 4 && f.label === '…qRtY')).toBe(true);
    expect(fingerprintsOf(KEY).every((f) => f.label === 'sk_live_…3hJd')).toBe(true);
  });

  it('says what each form is made of by its kind of encoding only, never by the value', () => {
    const hexValue = '9f86d081884c7d659a2feaa0c55ad015';
    const byForm = fingerprintsOf(hexValue).map((f) => f.charset);
    // The plain value is all hex digits, yet its plain form says nothing about that.
    expect(byForm[0]).toBe('any');
    expect(byForm).toEqual(expect.arrayContaining(['hex', 'base64', 'base64url', 'percent', 'unicode']));
  });

  it('salts each value afresh, so the same secret fingerprints differently in two runs', () => {
    const [a] = fingerprintsOf(OPAQUE);
    const [b] = fingerprintsOf(OPAQUE);
    expect(a!.salt).not.toBe(b!.salt);
    expect(a!.sha256).not.toBe(b!.sha256);
  });

  it('refuses a value whose hidden part could be guessed from its hash', () => {
    expect(fingerprintable('password123', '…d123')).toBe(false);
    expect(fingerprintable('test-secret-value', '…alue')).toBe(false);
    expect(fingerprintsOf('sk_live_abcdefgh12345678')).toEqual([]);
    expect(fingerprintsOf('9f86d081884c7d65')).toEqual([]);
    expect(fingerprintsOf(OPAQUE).length).toBeGreaterThan(0);
    expect(fingerprintsOf('9f86d081884c7d659a2feaa0c55ad015').length).toBeGreaterThan(0);
  });
});

describe('fingerprintsIn', () => {
  it('reads the fingerprints of a secret artifact and ignores anything else or anything malformed', () => {
    const fingerprints = fingerprintsOf(OPAQUE);
    expect(fingerprintsIn({ type: SECRET_ARTIFACT_TYPE, fingerprints })).toEqual(fingerprints);
    expect(fingerprintsIn({ type: '0bit-launch:evidence', fingerprints })).toEqual([]);
    expect(fingerprintsIn({ type: SECRET_ARTIFACT_TYPE, fingerprints: [{ ...fingerprints[0], anchor: 'toolong' }] })).toEqual([]);
    expect(fingerprintsIn({ type: SECRET_ARTIFACT_TYPE, fingerprints: [{ ...fingerprints[0], sha256: 'x' }] })).toEqual([]);
    expect(fingerprintsIn(null)).toEqual([]);
  });
});
