import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks verification (https://www.standardwebhooks.com): the signature covers
 * `${webhook-id}.${webhook-timestamp}.` followed by the raw body bytes exactly as
 * received. Re-serialising parsed JSON would change those bytes, so the body is never
 * parsed before it is verified.
 */
export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type Verification = { ok: true; id: string; timestamp: number } | { ok: false; status: 400 | 401; reason: WebhookRefusal };

export type WebhookRefusal =
  | 'missing_headers'
  | 'oversized_header'
  | 'invalid_id'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'no_valid_signature';

const MAX_HEADER_BYTES = 4096;
const ID = /^[\x21-\x7e]{1,255}$/;
const TIMESTAMP = /^\d{1,12}$/;
/** base64 of exactly 32 bytes (an HMAC-SHA256): a truncated signature never reaches the compare. */
const V1_SIGNATURE = /^[A-Za-z0-9+/]{43}=$/;

export function verifyStandardWebhook(input: {
  headers: WebhookHeaders;
  rawBody: Uint8Array;
  keys: readonly Buffer[];
  toleranceSeconds: number;
  nowSeconds: number;
}): Verification {
  const { id, timestamp, signature } = input.headers;
  if (id === undefined || timestamp === undefined || signature === undefined) return refuse(400, 'missing_headers');
  if ([id, timestamp, signature].some((h) => Buffer.byteLength(h) > MAX_HEADER_BYTES)) return refuse(400, 'oversized_header');
  if (!ID.test(id)) return refuse(400, 'invalid_id');
  if (!TIMESTAMP.test(timestamp)) return refuse(400, 'invalid_timestamp');
  const ts = Number(timestamp);
  if (input.nowSeconds - ts > input.toleranceSeconds) return refuse(401, 'timestamp_too_old');
  if (ts - input.nowSeconds > input.toleranceSeconds) return refuse(401, 'timestamp_in_future');

  const candidates = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3))
    .filter((sig) => V1_SIGNATURE.test(sig))
    .map((sig) => Buffer.from(sig, 'base64'));
  if (candidates.length === 0) return refuse(401, 'no_valid_signature');

  const signedPrefix = Buffer.from(`${id}.${timestamp}.`);
  const expected = input.keys.map((key) => createHmac('sha256', key).update(signedPrefix).update(input.rawBody).digest());
  // Every pair is compared (no early exit) so timing does not reveal which secret matched.
  let matched = false;
  for (const mac of expected) {
    for (const candidate of candidates) matched = timingSafeEqual(mac, candidate) || matched;
  }
  return matched ? { ok: true, id, timestamp: ts } : refuse(401, 'no_valid_signature');
}

function refuse(status: 400 | 401, reason: WebhookRefusal): Verification {
  return { ok: false, status, reason };
}
