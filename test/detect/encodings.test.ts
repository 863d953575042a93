import { describe, expect, it } from 'vitest';
import { detect } from '../../src/detect/detectors.js';
import { encodedVariants } from '../../src/detect/encodings.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const OPAQUE = 'merchant-signing-token-7f3a9c'; // a registered secret without a documented shape
const WHSEC = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD+q/3v2m4WbI=';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('known secrets in encoded forms', () => {
  const cases: Array<[string, string, string]> = [
    ['plain', OPAQUE, `token: ${OPAQUE}`],
    ['base64', 'base64', `atob("${b64(OPAQUE)}")`],
    ['base64 inside a larger base64 payload (any alignment)', 'base64', `cfg=${b64(`{"a":1,"token":"${OPAQUE}","b":2}`)}`],
    ['base64 at offset 1', 'base64', `cfg=${b64(`x${OPAQUE}`)}`],
    ['base64 at offset 2', 'base64', `cfg=${b64(`xy${OPAQUE}`)}`],
    ['hex', 'hex', `h=${Buffer.from(OPAQUE).toString('hex')}`],
    ['upper-case hex', 'hex', `h=${Buffer.from(OPAQUE).toString('hex').toUpperCase()}`],
    ['every byte percent-encoded', 'url', `q=${[...Buffer.from(OPAQUE)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')}`],
    ['every character \\u-escaped', 'json-escape', `{"t":"${[...OPAQUE].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`],
    ['split across a concatenation', 'concatenation', `var t="merchant-sig"+"ning-token-7f3a9c";`],
  ];
  it.each(cases)('%s', (_name, encoding, text) => {
    const found = detect(text, { knownSecrets: [OPAQUE] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'known_secret', value: OPAQUE, known: true });
    expect(found[0]!.encoding ?? 'plain').toBe(encoding === OPAQUE ? 'plain' : encoding);
  });

  it('finds a secret base64url-encoded (where it differs from base64)', () => {
    const secret = 'opaque>>>token???7f3a9c';
    const found = detect(`t=${Buffer.from(secret).toString('base64url')}`, { knownSecrets: [secret] });
    expect(found.map((d) => [d.kind, d.encoding, d.known])).toEqual([['known_secret', 'base64url', true]]);
  });

  it('finds a webhook secret URL-encoded and with JSON-escaped slashes', () => {
    for (const [text, encoding] of [
      [`secret=${encodeURIComponent(WHSEC)}`, 'url'],
      [`{"s":"${WHSEC.replace(/\//g, '\\/')}"}`, 'json-escape'],
    ] as const) {
      const found = detect(text, { knownSecrets: [WHSEC] });
      expect(found.map((d) => [d.kind, d.encoding, d.known])).toEqual([['webhook_secret', encoding, true]]);
    }
  });

  it('keeps the shape kind of a known secret and marks it known', () => {
    expect(detect(`"${KEY}"`, { knownSecrets: [KEY] }).map((d) => [d.kind, d.known])).toEqual([['secret_key', true]]);
  });

  it('lists the plain value first and no variant twice', () => {
    const variants = encodedVariants(KEY).map((v) => v.text);
    expect(variants[0]).toBe(KEY);
    expect(new Set(variants).size).toBe(variants.length);
  });
});

describe('shaped credentials hidden without being named', () => {
  it('decodes base64 string literals that hold a credential', () => {
    const found = detect(`const n=atob("${b64(KEY)}");`);
    expect(found.map((d) => [d.kind, d.value, d.encoding])).toEqual([['secret_key', KEY, 'base64']]);
  });

  it('joins string literals a bundler left concatenated, with and without spaces, over three parts', () => {
    for (const text of [
      `x="sk_li"+"ve_4eC39HqLyjWDarjtT1zdp7dc"`,
      `x = 'sk_live_4eC39' + 'HqLyjWD' + 'arjtT1zdp7dc';`,
      'x=`sk_live_`+`4eC39HqLyjWDarjtT1zdp7dc`',
    ]) {
      const found = detect(text);
      expect(found.map((d) => [d.kind, d.value, d.encoding])).toEqual([['secret_key', KEY, 'concatenation']]);
      expect(text.slice(found[0]!.start, found[0]!.start + 5)).toMatch(/^sk_li/);
    }
  });

  it('decodes a literal whose text starts with a line break or a tab, in base64url too', () => {
    for (const text of [`\n{"key":"${KEY}"}`, `\t${KEY} is the key`]) {
      for (const encode of [b64, (s: string) => Buffer.from(s).toString('base64url')]) {
        expect(detect(`x='${encode(text)}'`).map((d) => [d.kind, d.value])).toEqual([['secret_key', KEY]]);
      }
    }
  });

  it('leaves base64 images and ordinary concatenations alone', () => {
    expect(
      detect('const a = "Hello, " + "world"; const img = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";'),
    ).toEqual([]);
  });
});
