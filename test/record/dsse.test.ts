import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  Ed25519Signer,
  decodeBase64,
  envelopeFile,
  envelopeOfSigned,
  keyIdOf,
  pae,
  paeOfText,
  signEnvelope,
  signText,
  verifyEnvelope,
} from '../../src/record/dsse.js';
import { Latin1Text } from '../../src/record/write.js';
import { ephemeralSigner } from '../../src/record/keys.js';
import { PAYLOAD_TYPE } from '../../src/record/schema.js';
import { isLaunchError } from '../../src/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isLaunchError(error) ? error.code : 'NOT_A_LAUNCH_ERROR';
  }
  return undefined;
}

describe('DSSE primitives', () => {
  it('encodes PAE exactly as the DSSE spec test vector', () => {
    // From the DSSE protocol spec: PAE("http://example.com/HelloWorld", "hello world").
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('uses byte lengths, not string lengths', () => {
    const body = Buffer.from('é✓', 'utf8');
    expect(pae('t', body).toString('utf8')).toBe('DSSEv1 1 t 5 é✓');
  });

  it('builds the PAE of a text in one buffer, byte for byte the PAE of its UTF-8 bytes', () => {
    for (const text of ['', 'hello world', '{"name":"é✓ — ’quoted’ 🚀"}', 'x'.repeat(70_000)]) {
      const { message, payload } = paeOfText('application/vnd.in-toto+json', text);
      expect(message.equals(pae('application/vnd.in-toto+json', Buffer.from(text, 'utf8')))).toBe(true);
      expect(payload.equals(Buffer.from(text, 'utf8'))).toBe(true);
      // The payload is a view into the message, not a copy.
      expect(payload.buffer).toBe(message.buffer);
    }
  });

  it('signs a text as signEnvelope signs its bytes', () => {
    const signer = ephemeralSigner();
    const text = JSON.stringify({ tests: ['é✓', 'plain'] });
    const signed = signText(text, signer);
    expect(envelopeOfSigned(signed)).toEqual(signEnvelope(Buffer.from(text, 'utf8'), signer));
    expect(verifyEnvelope(envelopeOfSigned(signed), [createPublicKey(signer.publicKeyPem())]).payload.equals(signed.payload)).toBe(true);
  });

  it('writes the record file as JSON.stringify(envelope, null, 2) would, the payload in small base64 pieces', () => {
    const signer = ephemeralSigner();
    // Payloads around the piece size (48 KiB of bytes), so a piece boundary never leaves padding inside.
    for (const size of [0, 1, 49_151, 49_152, 49_153, 200_000]) {
      const signed = signText(JSON.stringify({ hello: 'launch', note: '"payload": ""', pad: 'é'.repeat(size) }).slice(0, size + 40), signer);
      const pieces = [...envelopeFile(signed)];
      const text = pieces.map((p) => (p instanceof Latin1Text ? p.text : (p as string))).join('');
      expect(text).toBe(`${JSON.stringify(envelopeOfSigned(signed), null, 2)}\n`);
      expect(pieces.every((p) => (p instanceof Latin1Text ? p.text : (p as string)).length <= 65_536 + 200)).toBe(true);
    }
  });

  it('derives the keyid as the SHA-256 of the SPKI DER, the same from either half', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    expect(keyIdOf(privateKey)).toBe(keyIdOf(publicKey));
    expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a non-Ed25519 signing key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(codeOf(() => new Ed25519Signer(privateKey, 'configured'))).toBe('KEY_INVALID');
  });

  it('keeps the private key out of JSON and inspection', () => {
    const signer = ephemeralSigner();
    expect(JSON.stringify(signer)).not.toContain('PRIVATE');
    expect(Object.keys(signer)).not.toContain('key');
  });

  it('accepts standard and URL-safe base64 but nothing else', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xfe]);
    expect(decodeBase64(bytes.toString('base64'), 'x')).toEqual(bytes);
    expect(decodeBase64(bytes.toString('base64url'), 'x')).toEqual(bytes);
    expect(codeOf(() => decodeBase64('a b', 'x'))).toBe('RECORD_MALFORMED');
    expect(codeOf(() => decodeBase64('+_', 'x'))).toBe('RECORD_MALFORMED');
  });
});

describe('sign → verify', () => {
  const signer = ephemeralSigner();
  const trusted = [createPublicKey(signer.publicKeyPem())];
  const payload = Buffer.from(JSON.stringify({ hello: 'launch' }));
  const envelope = signEnvelope(payload, signer);

  it('round-trips and returns the exact signed bytes', () => {
    const verified = verifyEnvelope(envelope, trusted);
    expect(verified.payload.equals(payload)).toBe(true);
    expect(verified.keyid).toBe(signer.keyid);
    expect(envelope.signatures[0]!.keyid).toBe(signer.keyid);
  });

  it('verifies a URL-safe base64 copy of the same envelope', () => {
    const urlSafe = {
      ...envelope,
      payload: Buffer.from(envelope.payload, 'base64').toString('base64url'),
      signatures: envelope.signatures.map((s) => ({ ...s, sig: Buffer.from(s.sig, 'base64').toString('base64url') })),
    };
    expect(verifyEnvelope(urlSafe, trusted).payload.equals(payload)).toBe(true);
  });

  it('fails on every single-byte change to the payload', () => {
    for (let i = 0; i < payload.length; i++) {
      const changed = Buffer.from(payload);
      changed[i] = changed[i]! ^ 0x01;
      const tampered = { ...envelope, payload: changed.toString('base64') };
      expect(
        codeOf(() => verifyEnvelope(tampered, trusted)),
        `byte ${i}`,
      ).toBe('SIGNATURE_INVALID');
    }
  });

  it('fails on every single-byte change to the signature', () => {
    const sig = Buffer.from(envelope.signatures[0]!.sig, 'base64');
    for (let i = 0; i < sig.length; i++) {
      const changed = Buffer.from(sig);
      changed[i] = changed[i]! ^ 0x80;
      const tampered = { ...envelope, signatures: [{ keyid: signer.keyid, sig: changed.toString('base64') }] };
      expect(
        codeOf(() => verifyEnvelope(tampered, trusted)),
        `byte ${i}`,
      ).toBe('SIGNATURE_INVALID');
    }
  });

  it('fails with another key', () => {
    const other = createPublicKey(ephemeralSigner().publicKeyPem());
    expect(codeOf(() => verifyEnvelope(envelope, [other]))).toBe('SIGNATURE_INVALID');
    expect(codeOf(() => verifyEnvelope(envelope, []))).toBe('KEY_UNTRUSTED');
  });

  it('tries every signature against every trusted key', () => {
    const other = ephemeralSigner();
    const two = { ...envelope, signatures: [signEnvelope(payload, other).signatures[0]!, ...envelope.signatures] };
    expect(verifyEnvelope(two, trusted).keyid).toBe(signer.keyid);
  });

  it('rejects an unknown payloadType before looking at the payload', () => {
    const other = signEnvelope(payload, signer, 'application/json');
    expect(codeOf(() => verifyEnvelope(other, trusted))).toBe('PAYLOAD_TYPE_UNKNOWN');
    expect(codeOf(() => verifyEnvelope({ ...envelope, payloadType: 'application/vnd.in-toto+json ' }, trusted))).toBe('PAYLOAD_TYPE_UNKNOWN');
    expect(PAYLOAD_TYPE).toBe('application/vnd.in-toto+json');
  });

  it('rejects malformed envelopes', () => {
    expect(codeOf(() => verifyEnvelope(null, trusted))).toBe('RECORD_MALFORMED');
    expect(codeOf(() => verifyEnvelope({ ...envelope, signatures: [] }, trusted))).toBe('RECORD_MALFORMED');
    expect(codeOf(() => verifyEnvelope({ ...envelope, extra: 1 }, trusted))).toBe('RECORD_MALFORMED');
    expect(codeOf(() => verifyEnvelope({ ...envelope, payload: '***' }, trusted))).toBe('RECORD_MALFORMED');
  });
});
