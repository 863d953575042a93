import { describe, expect, it } from 'vitest';
import { createRunRedactor } from '../../src/redaction/redactor.js';
import { fingerprintsOf } from '../../src/redaction/fingerprint.js';
import { leaks, spellings } from './forms.js';

const SHOP_KEY = 'sk_live_Q7mXw2Lr9TzK4pVb8NcY3hJd';
const DB_PASSWORD = 'pW9#xQ2!mZ7@kL4$vR6';
const OPAQUE = 'opq7Hd92kLmQ0zXc81VbNm3PqRtY';

const env = {
  SHOP_KEY,
  DATABASE_URL: `postgres://shop:${encodeURIComponent(DB_PASSWORD)}@db.internal:5432/shop`,
  PORT: '3000',
};

/** Layout taken out, as the redactor's view does: what a reader joining wrapped lines would see. */
const unwrapped = (text: string) => text.replace(/\r?\n[ \t]*|\r|\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');

/** Knows SHOP_KEY and DB_PASSWORD from the environment, OPAQUE only by fingerprint. */
function runRedactor() {
  const redactor = createRunRedactor({ env });
  redactor.learn(fingerprintsOf(OPAQUE));
  return redactor;
}

describe.each([
  ['an environment value by name and shape', SHOP_KEY, 'sk_live_…3hJd'],
  ['a password from a URL’s userinfo', DB_PASSWORD, '…$vR6'],
  ['a value known only by its fingerprint', OPAQUE, '…qRtY'],
])('a run redactor masks %s', (_what, value, label) => {
  const redactor = runRedactor();

  it.each(Object.entries(spellings(value)))('written %s, unquoted inside other text', (_form, spelled) => {
    const out = redactor.redact(`before ${spelled} after`);
    expect(leaks(out, [value])).toEqual([]);
    expect(out).toContain(label);
    expect(out).toMatch(/^before \S+ after$/);
  });

  it('inside a larger base64 blob, at every byte alignment', () => {
    for (const pad of ['', 'a', 'ab']) {
      const blob = Buffer.from(`${pad}{"token":"${value}","n":1}`).toString('base64');
      const out = redactor.redact(`payload=${blob}`);
      expect(leaks(out, [value])).toEqual([]);
      expect(out).toContain(label);
      const left = Buffer.from(out.slice('payload='.length).replace(label, ''), 'base64').toString('latin1');
      expect(left).not.toContain(value.slice(4, -4));
    }
  });

  it('split across line wraps (with indentation and CRLF)', () => {
    for (const spelled of Object.values(spellings(value))) {
      const wrapped = `body:\n  ${spelled.slice(0, 7)}\n  ${spelled.slice(7, 15)}\r\n\t${spelled.slice(15)}\nend`;
      const out = redactor.redact(wrapped);
      expect(leaks(unwrapped(out), [value])).toEqual([]);
      expect(out).toContain(label);
      expect(out.endsWith('\nend')).toBe(true);
    }
  });

  it('split by terminal colour codes, keeping the codes so colours stay balanced', () => {
    const coloured = `\u001b[31m${value.slice(0, 5)}\u001b[7m${value.slice(5)}\u001b[27m\u001b[39m!`;
    expect(redactor.redact(coloured)).toBe(`\u001b[31m${label}\u001b[7m\u001b[27m\u001b[39m!`);
  });

  it('in a batch, where each text is masked on its own', () => {
    const texts = [`a ${value}`, 'clean', `${Buffer.from(value).toString('hex')}`, 'clean', value.slice(0, 10), value.slice(10)];
    const out = redactor.redactAll(texts);
    expect(out).toEqual(texts.map((t) => redactor.redact(t)));
    expect(out[0]).toBe(`a ${label}`);
    expect(out[2]).toBe(label);
    // Two neighbours in the batch are two texts: half a value in each is neither.
    expect(out.slice(4)).toEqual(texts.slice(4));
  });
});

describe('a run redactor', () => {
  it('masks a credential shape nobody registered, also base64- or hex-encoded inside other text', () => {
    const unknown = 'sk_live_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2';
    const redactor = createRunRedactor();
    const text = `plain ${unknown} b64=${Buffer.from(`key=${unknown}`).toString('base64')} hex:${Buffer.from(unknown).toString('hex')} glued b64${Buffer.from(unknown).toString('base64url')}`;
    const out = redactor.redact(text);
    expect(leaks(out, [unknown])).toEqual([]);
    expect(out.match(/sk_live_…3Ss2/g)).toHaveLength(4);
  });

  it('masks personal data and keeps publishable keys and 0Bit’s own address readable', () => {
    const redactor = createRunRedactor();
    expect(redactor.redact('pk_live_TYooMQauvdEDq54NiTphI7jx to jane.doe@gmail.com, cc support@0bit.io, card 4242 4242 4242 4242')).toBe(
      'pk_live_TYooMQauvdEDq54NiTphI7jx to ….com, cc support@0bit.io, card …4242',
    );
    expect(redactor.redact('approved by jane.doe@gmail.com', { personalData: false })).toBe('approved by jane.doe@gmail.com');
  });

  it('does not shred text with values too short or too plain to mask', () => {
    const redactor = createRunRedactor({ env: { DB_PASSWORD: '1', API_TOKEN: 'postgres', DATABASE_URL: 'postgres://postgres:postgres@localhost/db' } });
    expect(redactor.known).toEqual({ plain: 0, fingerprinted: 0 });
    expect(redactor.redact('password=1 on postgres://localhost:5432, 10 tests, 1 failed')).toBe('password=1 on postgres://localhost:5432, 10 tests, 1 failed');
    expect(redactor.learnValue('hunter2')).toBe(false);
  });

  it('is idempotent: a masked text stays as it is', () => {
    const redactor = runRedactor();
    const once = redactor.redact(`${SHOP_KEY} ${Buffer.from(OPAQUE).toString('hex')} ${DB_PASSWORD} jane.doe@gmail.com`);
    expect(redactor.redact(once)).toBe(once);
  });

  it('masks a value learned after a text was first seen: order does not matter', () => {
    const redactor = createRunRedactor();
    const text = `leaked ${Buffer.from(OPAQUE).toString('base64')} early`;
    expect(redactor.redact(text)).toBe(text);
    redactor.learn(fingerprintsOf(OPAQUE));
    expect(redactor.redact(text)).toBe('leaked …qRtY early');
  });

  it('remembers what it masked, and checks a remembered text again against what it learned since', () => {
    const redactor = createRunRedactor({ env: { SHOP_KEY } });
    const early = `early ${Buffer.from(OPAQUE).toString('hex')}`;
    const b64 = Buffer.from(OPAQUE).toString('base64');
    const wrapped = `wrapped\n  ${b64.slice(0, 12)}\n  ${b64.slice(12)}`;
    const keyed = `key ${SHOP_KEY}`;
    expect(redactor.changed([early, wrapped, keyed, 'clean'])).toEqual(new Map([[keyed, 'key sk_live_…3hJd']]));
    redactor.learn(fingerprintsOf(OPAQUE));
    expect(redactor.changed([early, wrapped, keyed, 'clean'])).toEqual(
      new Map([
        [keyed, 'key sk_live_…3hJd'],
        [early, 'early …qRtY'],
        [wrapped, 'wrapped\n  …qRtY'],
      ]),
    );
    expect(redactor.redactAll([early, early, 'clean'])).toEqual(['early …qRtY', 'early …qRtY', 'clean']);
  });

  it('masks the union where two known values overlap, never half of one', () => {
    const redactor = createRunRedactor({ secrets: ['AbCdEfGh12345678', '12345678IjKlMnOp'] });
    expect(redactor.redact('x AbCdEfGh12345678IjKlMnOp y')).toMatch(/^x …\w{4} y$/);
  });
});
