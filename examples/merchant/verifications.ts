import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { MerchantDatabase } from './db.js';
import { IDEMPOTENCY_KEY } from './idempotency.js';
import type { VerifiedEvent } from './ledger.js';
import { ZeroBitError, type ZeroBitClient } from './zerobit-client.js';

/**
 * Hosted KYC/KYB verification: a customer above the shop's limit is sent to 0Bit's hosted
 * page; the result arrives as signed `verification_session.*` webhooks. The shop records
 * each outcome as 0Bit names it, and only `verified` lets the customer through: `pending`
 * and `needs_review` are not decided yet, `rejected` and `expired` are final refusals.
 */
export const VERIFICATION_STATUSES = ['pending', 'needs_review', 'verified', 'rejected', 'expired'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The one place that decides whether a customer counts as verified. */
export const isVerified = (status: VerificationStatus): boolean => status === 'verified';

/**
 * The status each event sets and the statuses it may replace. A late or replayed event
 * never undoes a decision: nothing moves a verified, rejected or expired customer.
 */
const BY_EVENT: Record<string, { status: VerificationStatus; from: VerificationStatus[] }> = {
  'verification_session.created': { status: 'pending', from: [] },
  'verification_session.needs_review': { status: 'needs_review', from: ['pending'] },
  'verification_session.verified': { status: 'verified', from: ['pending', 'needs_review'] },
  'verification_session.rejected': { status: 'rejected', from: ['pending', 'needs_review'] },
  'verification_session.expired': { status: 'expired', from: ['pending'] },
};

const verificationObject = z.object({
  id: z.string().regex(/^vs_[A-Za-z0-9]+$/),
  type: z.enum(['individual', 'business']),
  reference: z.string().max(255).nullable().optional(),
});

const startBody = z.strictObject({
  /** The shop's own customer id: 0Bit gets it as the session's reference, never personal data. */
  customerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  type: z.enum(['individual', 'business']),
});

const createdSession = z.object({ id: z.string().regex(/^vs_[A-Za-z0-9]+$/), url: z.url() });

const error = (type: string, message: string) => ({ error: { type, message } });

export interface VerificationRow {
  id: string;
  customer_id: string | null;
  type: 'individual' | 'business';
  status: VerificationStatus;
}

export function createVerificationStore(db: MerchantDatabase, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO verifications (id, customer_id, type, status, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const upsert = db.prepare(
    `INSERT INTO verifications (id, customer_id, type, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
     WHERE verifications.status IN (SELECT value FROM json_each(?))`,
  );
  const byId = db.prepare<[string], VerificationRow>('SELECT id, customer_id, type, status FROM verifications WHERE id = ?');

  return {
    /** A session this shop just created at 0Bit; its webhook may already have recorded it. */
    started(id: string, customerId: string, type: VerificationRow['type']) {
      const at = now();
      insert.run(id, customerId, type, at, at);
    },
    /** Applies a verified `verification_session.*` event; called inside the ledger's transaction. */
    apply(event: VerifiedEvent): boolean {
      const rule = BY_EVENT[event.type];
      const object = verificationObject.safeParse(event.data?.object);
      if (!rule || !object.success) return false;
      const at = now();
      if (rule.from.length === 0) insert.run(object.data.id, object.data.reference ?? null, object.data.type, at, at);
      else upsert.run(object.data.id, object.data.reference ?? null, object.data.type, rule.status, at, at, JSON.stringify(rule.from));
      return true;
    },
    get: (id: string) => byId.get(id),
  };
}

export type VerificationStore = ReturnType<typeof createVerificationStore>;

/** `POST /api/verifications` starts one; `GET /api/verifications/:id` says what the shop recorded. */
export function verificationRoutes(deps: { zerobit: ZeroBitClient; store: VerificationStore }) {
  const { zerobit, store } = deps;
  const routes = new Hono();

  routes.post('/', async (c) => {
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      return c.json(error('idempotency_key_invalid', 'Idempotency-Key must be 1–255 visible ASCII characters'), 400);
    const parsed = startBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json(error('invalid_request', 'expected { customerId, type: individual | business }'), 422);
    const { customerId, type } = parsed.data;
    let session: z.infer<typeof createdSession>;
    try {
      // A retried start (same key) reaches 0Bit under the same derived key, so it opens one session.
      const upstreamKey = key && `verification_${createHash('sha256').update(`${customerId}\n${key}`).digest('hex')}`;
      session = createdSession.parse(await zerobit.createVerification({ type, reference: customerId }, upstreamKey));
    } catch (cause) {
      const status = cause instanceof ZeroBitError && cause.status !== undefined && cause.status < 500 ? 502 : 503;
      return c.json(error('upstream_unavailable', 'the payment provider could not start a verification'), status);
    }
    store.started(session.id, customerId, type);
    return c.json({ verificationId: session.id, url: session.url, status: 'pending' }, 201);
  });

  routes.get('/:id', (c) => {
    const row = store.get(c.req.param('id'));
    if (!row) return c.json(error('not_found', 'no such verification'), 404);
    return c.json({ verificationId: row.id, customerId: row.customer_id, type: row.type, status: row.status, verified: isVerified(row.status) });
  });

  return routes;
}
