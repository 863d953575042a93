import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { MerchantDatabase } from './db.js';
import { fingerprint, IDEMPOTENCY_KEY, type IdempotencyStore, type StoredResponse } from './idempotency.js';
import type { ResolvedOptions } from './options.js';
import { matchReturnUrl } from './return-urls.js';
import { ZeroBitError, type ZeroBitClient } from './zerobit-client.js';

const SCOPE = 'POST /api/checkout/sessions';

const checkoutBody = z.strictObject({
  amount: z.number().int().positive().max(100_000_000),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  /** Optional: an embedded checkout never redirects. When given, it must be allowlisted. */
  returnUrl: z.string().optional(),
});

const createdSession = z.object({
  id: z.string().regex(/^ses_[A-Za-z0-9]+$/),
  clientSecret: z.string().regex(/^ses_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/),
});

const error = (type: string, message: string) => ({ error: { type, message } });

/**
 * Checkout: the browser asks for a session; the server creates it at 0Bit with the
 * secret key and hands back only the session-scoped client secret and the publishable key.
 */
export function checkoutRoutes(deps: { db: MerchantDatabase; options: ResolvedOptions; idempotency: IdempotencyStore; zerobit: ZeroBitClient }) {
  const { db, options, idempotency, zerobit } = deps;
  const requireHttps = options.environment === 'live';
  const insertSession = db.prepare(
    `INSERT INTO checkout_sessions (id, idempotency_key, amount, currency, return_url, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (id) DO NOTHING`,
  );
  const selectSession = db.prepare<[string], { id: string; status: string; fulfilled: number }>(
    `SELECT s.id, s.status, EXISTS (SELECT 1 FROM fulfilments f WHERE f.session_id = s.id) AS fulfilled
     FROM checkout_sessions s WHERE s.id = ?`,
  );
  const recordCreated = db.transaction((key: string, row: [string, string, number, string, string | null, number], response: StoredResponse) => {
    insertSession.run(...row);
    idempotency.complete(SCOPE, key, response);
  });

  const routes = new Hono();

  routes.post('/sessions', async (c) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return c.json(error('idempotency_key_missing', 'send an Idempotency-Key header'), 400);
    if (!IDEMPOTENCY_KEY.test(key)) return c.json(error('idempotency_key_invalid', 'Idempotency-Key must be 1–255 visible ASCII characters'), 400);
    let payload: unknown;
    try {
      payload = await c.req.json();
    } catch {
      return c.json(error('invalid_json', 'the body must be JSON'), 400);
    }
    const parsed = checkoutBody.safeParse(payload);
    if (!parsed.success) return c.json(error('invalid_request', 'expected { amount: positive integer, currency: 3 letters, returnUrl? }'), 422);
    const returnUrl = parsed.data.returnUrl === undefined ? undefined : matchReturnUrl(parsed.data.returnUrl, options.returnUrls, { requireHttps });
    if (returnUrl === null) return c.json(error('return_url_not_allowed', 'returnUrl is not under an allowed return URL'), 422);

    const reservation = idempotency.reserve(SCOPE, key, fingerprint(payload));
    if (reservation.kind === 'mismatch') {
      return c.json(error('idempotency_key_reused', 'this Idempotency-Key was used with a different request body'), 422);
    }
    if (reservation.kind === 'in_flight') {
      c.header('Retry-After', '1');
      return c.json(error('idempotency_key_in_use', 'a request with this Idempotency-Key is still being processed'), 409);
    }
    if (reservation.kind === 'replay') {
      c.header('Idempotency-Replayed', 'true');
      return c.json(reservation.response.body as object, reservation.response.status as 201);
    }

    const amount = parsed.data.amount;
    const currency = parsed.data.currency.toUpperCase();
    let session: z.infer<typeof createdSession>;
    try {
      // Derived, not forwarded: 0Bit's key space is the merchant's, shared by every customer.
      const upstreamKey = `checkout_${createHash('sha256').update(`${SCOPE}\n${key}`).digest('hex')}`;
      const created = await zerobit.createSession({ amount, currency, ...(returnUrl && { returnUrl }) }, upstreamKey);
      session = createdSession.parse(created);
    } catch (cause) {
      // Nothing was recorded here; 0Bit's own idempotency makes the client's retry safe.
      idempotency.release(SCOPE, key);
      const status = cause instanceof ZeroBitError && cause.status !== undefined && cause.status < 500 ? 502 : 503;
      return c.json(error('upstream_unavailable', 'the payment provider could not create a session; retry with the same Idempotency-Key'), status);
    }

    const response = { status: 201, body: { sessionId: session.id, clientSecret: session.clientSecret, publishableKey: options.publishableKey } };
    recordCreated(key, [session.id, key, amount, currency, returnUrl ?? null, options.now()], response);
    return c.json(response.body, 201);
  });

  /** Validates a return URL without creating anything (the check the checkout route applies). */
  routes.post('/return-url', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { returnUrl?: unknown } | null;
    const returnUrl = matchReturnUrl(body?.returnUrl, options.returnUrls, { requireHttps });
    if (returnUrl === null) return c.json(error('return_url_not_allowed', 'returnUrl is not under an allowed return URL'), 422);
    return c.json({ returnUrl }, 200);
  });

  /** What the return page shows: the status learned from verified webhooks, never from the redirect. */
  routes.get('/sessions/:id', (c) => {
    const row = selectSession.get(c.req.param('id'));
    if (!row) return c.json(error('not_found', 'no such session'), 404);
    return c.json({ sessionId: row.id, status: row.status, fulfilled: row.fulfilled === 1 });
  });

  return routes;
}
