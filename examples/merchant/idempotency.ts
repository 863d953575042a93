import { createHash } from 'node:crypto';
import type { MerchantDatabase } from './db.js';

/**
 * Idempotency-Key handling after the IETF httpapi draft: the key row is inserted first
 * (state `in_flight`) under a PRIMARY KEY, so of two concurrent requests only one can own
 * the key; the other sees the row and is answered from it.
 */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Reservation = { kind: 'owner' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in_flight' };

/** How long an in-flight key stays locked; a crashed request's key can be retried after it. */
const LEASE_MS = 60_000;

/** Keys are opaque strings the client generates (a UUID in practice). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so key order and whitespace do not change the fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

export function createIdempotencyStore(db: MerchantDatabase, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO idempotency_keys (scope, key, fingerprint, state, locked_until, created_at)
     VALUES (?, ?, ?, 'in_flight', ?, ?) ON CONFLICT (scope, key) DO NOTHING`,
  );
  const select = db.prepare<[string, string], { fingerprint: string; state: string; locked_until: number; status: number | null; response: string | null }>(
    'SELECT fingerprint, state, locked_until, status, response FROM idempotency_keys WHERE scope = ? AND key = ?',
  );
  const takeOver = db.prepare(
    `UPDATE idempotency_keys SET locked_until = ?
     WHERE scope = ? AND key = ? AND fingerprint = ? AND state = 'in_flight' AND locked_until < ?`,
  );
  const complete = db.prepare(`UPDATE idempotency_keys SET state = 'completed', status = ?, response = ? WHERE scope = ? AND key = ? AND state = 'in_flight'`);
  const release = db.prepare(`DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND state = 'in_flight'`);

  return {
    /** Claims the key for this request, or says how to answer instead. */
    reserve(scope: string, key: string, print: string): Reservation {
      const at = now();
      if (insert.run(scope, key, print, at + LEASE_MS, at).changes === 1) return { kind: 'owner' };
      const row = select.get(scope, key);
      if (!row) return { kind: 'in_flight' };
      if (row.fingerprint !== print) return { kind: 'mismatch' };
      if (row.state === 'completed') return { kind: 'replay', response: { status: row.status!, body: JSON.parse(row.response!) } };
      // A lease that ran out means its owner died mid-request; the upstream call is itself idempotent, so retrying is safe.
      if (takeOver.run(at + LEASE_MS, scope, key, print, at).changes === 1) return { kind: 'owner' };
      return { kind: 'in_flight' };
    },
    /** Stores the response to replay; run inside the transaction that records the effect. */
    complete(scope: string, key: string, response: StoredResponse): void {
      complete.run(response.status, JSON.stringify(response.body), scope, key);
    },
    /** Frees the key after a failure that had no effect here, so the client may retry. */
    release(scope: string, key: string): void {
      release.run(scope, key);
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
