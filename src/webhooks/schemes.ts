import { createHmac } from 'node:crypto';
import { LaunchError } from '../errors.js';

/** What a signature covers: the message id, the unix timestamp (s) and the raw body bytes. */
export interface SignInput {
  id: string;
  timestamp: number;
  body: string;
  secret: string;
}

/** A scheme of the integration's own: how to sign, and which headers carry it. */
export interface CustomScheme {
  name?: string;
  sign(input: SignInput): string;
  headers(input: { id: string; timestamp: number; signatures: string[] }): Record<string, string>;
}

export type SignatureScheme = 'standard' | 't-v1' | CustomScheme;

/** Standard Webhooks: secrets are `whsec_<base64>`; the key is the decoded base64. */
export function standardKey(secret: string): Buffer {
  const raw = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(raw, 'base64');
  if (key.length === 0) throw new LaunchError('MATCHER_MISUSE', 'webhook secret is empty after its whsec_ prefix');
  return key;
}

export function signStandard({ id, timestamp, body, secret }: SignInput): string {
  return `v1,${createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signTv1({ timestamp, body, secret }: SignInput): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function schemeName(scheme: SignatureScheme): string {
  return typeof scheme === 'string' ? scheme : (scheme.name ?? 'custom');
}

/**
 * Signs a delivery with every secret given (a rotation sends several signatures) and
 * returns the headers to send with the raw body.
 */
export function signDelivery(
  scheme: SignatureScheme,
  input: { id: string; timestamp: number; body: string; secrets: readonly string[] },
): Record<string, string> {
  const signatures = input.secrets.map((secret) => {
    const signInput = { id: input.id, timestamp: input.timestamp, body: input.body, secret };
    if (scheme === 'standard') return signStandard(signInput);
    if (scheme === 't-v1') return signTv1(signInput);
    return scheme.sign(signInput);
  });
  if (scheme === 'standard') {
    return {
      'content-type': 'application/json',
      'webhook-id': input.id,
      'webhook-timestamp': String(input.timestamp),
      'webhook-signature': signatures.join(' '),
    };
  }
  if (scheme === 't-v1') {
    return {
      'content-type': 'application/json',
      'x-0bit-signature': [`t=${input.timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(','),
    };
  }
  return { 'content-type': 'application/json', ...scheme.headers({ id: input.id, timestamp: input.timestamp, signatures }) };
}
