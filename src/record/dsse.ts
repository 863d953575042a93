import { createHash, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { LaunchError } from '../errors.js';
import { Latin1Text, type Piece } from './write.js';
import { envelopeSchema, PAYLOAD_TYPE, type Envelope } from './schema.js';

/** DSSE pre-authentication encoding. Lengths are byte lengths, never string lengths. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `, 'utf8'), type, Buffer.from(` ${payload.length} `, 'utf8'), payload]);
}

/**
 * The PAE of a text payload in one buffer, the text encoded straight into it: the payload is
 * a view of the message, not a second copy of megabytes (equal to `pae(type, utf8 bytes)`).
 */
export function paeOfText(payloadType: string, text: string): { message: Buffer; payload: Buffer } {
  const length = Buffer.byteLength(text, 'utf8');
  const head = `DSSEv1 ${Buffer.byteLength(payloadType, 'utf8')} ${payloadType} ${length} `;
  const headLength = Buffer.byteLength(head, 'utf8');
  const message = Buffer.allocUnsafe(headLength + length);
  message.write(head, 0, 'utf8');
  message.write(text, headLength, 'utf8');
  return { message, payload: message.subarray(headLength) };
}

/** keyid: hex SHA-256 of the public key's SPKI DER. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export interface Signer {
  readonly keyid: string;
  readonly kind: 'configured' | 'ephemeral';
  sign(bytes: Uint8Array): Buffer;
  publicKeyPem(): string;
}

/** Holds the private key in a private field; only signatures and the public half leave it. */
export class Ed25519Signer implements Signer {
  readonly #key: KeyObject;
  readonly keyid: string;
  readonly kind: 'configured' | 'ephemeral';

  constructor(privateKey: KeyObject, kind: 'configured' | 'ephemeral') {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
      throw new LaunchError('KEY_INVALID', 'the signing key must be an Ed25519 private key (generate one with `0bit-launch keygen`)');
    }
    this.#key = privateKey;
    this.kind = kind;
    this.keyid = keyIdOf(privateKey);
  }

  sign(bytes: Uint8Array): Buffer {
    return edSign(null, bytes, this.#key);
  }

  publicKeyPem(): string {
    return createPublicKey(this.#key).export({ type: 'spki', format: 'pem' }).toString();
  }

  toJSON(): object {
    return { keyid: this.keyid, kind: this.kind };
  }
}

export function signEnvelope(payload: Uint8Array, signer: Signer, payloadType: string = PAYLOAD_TYPE): Envelope {
  return envelopeOf(payloadType, payload, [{ keyid: signer.keyid, sig: signer.sign(pae(payloadType, payload)).toString('base64') }]);
}

/** A signed payload before it is an envelope: its bytes and their signatures. */
export interface SignedBytes {
  payloadType: string;
  payload: Buffer;
  signatures: Envelope['signatures'];
}

/** Signs a text payload (its UTF-8 bytes). */
export function signText(text: string, signer: Signer, payloadType: string = PAYLOAD_TYPE): SignedBytes {
  const { message, payload } = paeOfText(payloadType, text);
  return { payloadType, payload, signatures: [{ keyid: signer.keyid, sig: signer.sign(message).toString('base64') }] };
}

export function envelopeOfSigned(signed: SignedBytes): Envelope {
  return envelopeOf(signed.payloadType, signed.payload, signed.signatures);
}

function envelopeOf(payloadType: string, payload: Uint8Array, signatures: Envelope['signatures']): Envelope {
  // A view, not a copy: a 10,000-test payload is megabytes.
  return { payloadType, payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64'), signatures };
}

/** Payload bytes per base64 piece of the record file: a multiple of 3 (no padding inside), each piece a small string. */
const BASE64_PIECE = 3 * 16 * 1024;

/**
 * The record file: the envelope as JSON with two-space indents, in pieces. The base64 payload
 * needs no escaping, so it is made and written piece by piece: no string of megabytes for
 * JSON.stringify to scan and the writer to encode again, and none for the collector to sweep.
 */
export function* envelopeFile(signed: SignedBytes): Generator<Piece> {
  const text = `${JSON.stringify({ payloadType: signed.payloadType, payload: '', signatures: signed.signatures }, null, 2)}\n`;
  const at = text.indexOf('"payload": ""') + '"payload": "'.length;
  yield text.slice(0, at);
  const { payload } = signed;
  for (let i = 0; i < payload.byteLength; i += BASE64_PIECE) yield new Latin1Text(payload.subarray(i, i + BASE64_PIECE).toString('base64'));
  yield text.slice(at);
}

/** Strict base64 (standard or URL-safe, padding optional); anything else is malformed. */
export function decodeBase64(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || (/[+/]/.test(text) && /[-_]/.test(text))) {
    throw new LaunchError('RECORD_MALFORMED', `${what} is not base64`);
  }
  const buf = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const canonical = buf.toString('base64').replace(/=+$/, '');
  if (canonical !== text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')) {
    throw new LaunchError('RECORD_MALFORMED', `${what} is not canonical base64`);
  }
  return buf;
}

export interface VerifiedEnvelope {
  payloadType: string;
  /** The exact bytes the signature covers; nothing re-reads the envelope afterwards. */
  payload: Buffer;
  keyid: string;
}

/**
 * Verifies a DSSE envelope against trusted public keys. Tries every signature with every
 * key; fails closed on an unknown payload type, malformed input or no valid signature.
 */
export function verifyEnvelope(envelope: unknown, trusted: readonly KeyObject[], expectedPayloadType: string = PAYLOAD_TYPE): VerifiedEnvelope {
  const parsed = envelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new LaunchError('RECORD_MALFORMED', 'the record is not a DSSE envelope (payloadType, payload, signatures[{keyid, sig}])');
  const env = parsed.data;
  if (env.payloadType !== expectedPayloadType) {
    throw new LaunchError('PAYLOAD_TYPE_UNKNOWN', `payloadType ${JSON.stringify(env.payloadType)} is not ${expectedPayloadType}`);
  }
  if (trusted.length === 0) throw new LaunchError('KEY_UNTRUSTED', 'no trusted public key was given');
  const payload = decodeBase64(env.payload, 'payload');
  const message = pae(env.payloadType, payload);
  let sawSignature = false;
  for (const { sig } of env.signatures) {
    const signature = decodeBase64(sig, 'signature');
    sawSignature = true;
    for (const key of trusted) {
      if (key.asymmetricKeyType !== 'ed25519') continue;
      if (edVerify(null, message, key, signature)) return { payloadType: env.payloadType, payload, keyid: keyIdOf(key) };
    }
  }
  throw new LaunchError(
    sawSignature ? 'SIGNATURE_INVALID' : 'RECORD_MALFORMED',
    'no signature on the record verifies with the trusted key(s): the record was changed or signed by another key',
  );
}
