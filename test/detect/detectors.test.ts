import { describe, expect, it } from 'vitest';
import { CREDENTIAL_KINDS, PII_KINDS, classify, detect, environmentOf } from '../../src/detect/detectors.js';
import { NEGATIVES, POSITIVES } from '../scan/corpus.js';

describe('detect: the corpus', () => {
  it.each(POSITIVES.map((p) => [p.kind, p.value, p] as const))('finds %s %s', (_kind, _value, p) => {
    const found = detect(p.text);
    expect(found.map((d) => ({ kind: d.kind, value: d.value, span: p.text.slice(d.start, d.end) }))).toEqual([{ kind: p.kind, value: p.value, span: p.value }]);
  });

  it.each(NEGATIVES.map((n) => [n]))('finds nothing in %j', (text) => {
    expect(detect(text).map((d) => `${d.kind}: ${d.value}`)).toEqual([]);
  });

  it('has a true positive for every detector kind but known_secret', () => {
    const kinds = new Set(POSITIVES.map((p) => p.kind));
    expect([...CREDENTIAL_KINDS, ...PII_KINDS].filter((k) => k !== 'known_secret' && !kinds.has(k))).toEqual([]);
  });

  it('tells a publishable key from a secret key, and reads the environment from the shape', () => {
    expect(classify('pk_live_TYooMQauvdEDq54NiTphI7jx')).toBe('publishable_key');
    expect(classify('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('secret_key');
    expect(classify('pk_live_TYooMQauvdEDq54NiTphI7jx and more')).toBeUndefined();
    expect(environmentOf('pk_live_TYooMQauvdEDq54NiTphI7jx')).toBe('live');
    expect(environmentOf('sk_sandbox_51HxYzAbCdEfGhIjKlMnOp')).toBe('sandbox');
    expect(environmentOf('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeUndefined();
  });

  it('runs only the kinds asked for', () => {
    const text = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc jane.doe@gmail.com 4242 4242 4242 4242';
    expect(detect(text, { kinds: ['email'] }).map((d) => d.kind)).toEqual(['email']);
    expect(detect(text, { kinds: ['secret_key', 'card_number'] }).map((d) => d.kind)).toEqual(['secret_key', 'card_number']);
  });

  it('finds several values in one text, in order, each once', () => {
    const text = 'a=sk_live_4eC39HqLyjWDarjtT1zdp7dc b=pk_live_TYooMQauvdEDq54NiTphI7jx\nmail jane.doe@gmail.com, IBAN GB82WEST12345698765432';
    expect(detect(text).map((d) => d.kind)).toEqual(['secret_key', 'publishable_key', 'email', 'iban']);
  });
});

describe('detect: configurable credential shapes', () => {
  it('replaces a default shape with a configured RegExp or regex source', () => {
    const shapes = { secretKey: 'acme_secret_[a-f0-9]{24}' };
    expect(detect('k=acme_secret_0123456789abcdef01234567', { shapes }).map((d) => d.kind)).toEqual(['secret_key']);
    expect(detect('k=sk_live_4eC39HqLyjWDarjtT1zdp7dc', { shapes }).map((d) => d.kind)).toEqual([]);
    expect(detect('k=pk_live_TYooMQauvdEDq54NiTphI7jx', { shapes }).map((d) => d.kind)).toEqual(['publishable_key']);
  });

  it('accepts a configured client-secret shape', () => {
    const shapes = { clientSecret: /cs_[A-Za-z0-9]{20}/ };
    expect(detect('x cs_abcdefghijklmnopqrst y', { shapes }).map((d) => d.value)).toEqual(['cs_abcdefghijklmnopqrst']);
  });
});
