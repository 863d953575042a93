import { z } from 'zod';
import type { MerchantDatabase } from './db.js';
import { createVerificationStore } from './verifications.js';

/**
 * What the merchant records from verified events. One transaction per event: the event
 * row (UNIQUE id) and, for `session.completed`, the fulfilment (UNIQUE session and event)
 * commit together or not at all, so a retried, duplicated or concurrent delivery can never
 * fulfil twice. A `verification_session.*` event records the customer's KYC/KYB outcome.
 */
/**
 * The envelope every event shares. Fields of one event type (a session's amount) are read
 * only for that type: a verification event carrying an `amount` it does not document must
 * not be refused for it.
 */
export const eventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1).max(128),
  created: z.number().int().optional(),
  data: z
    .object({ object: z.object({ id: z.string().optional() }).loose().optional() })
    .loose()
    .optional(),
});

/** What fulfilment reads of a completed session (documented in the 0Bit Session schema). */
const paidSessionSchema = z.object({ id: z.string().startsWith('ses_'), amount: z.number().int(), currency: z.string().min(1) }).loose();
export type VerifiedEvent = z.infer<typeof eventSchema>;

export type EventOutcome = 'recorded' | 'fulfilled' | 'duplicate' | 'not_fulfilled';

/** Terminal session states an out-of-order event may not overwrite. */
const STATUS_BY_EVENT: Record<string, { status: string; from: string[] }> = {
  'session.completed': { status: 'completed', from: ['open', 'failed', 'expired'] },
  'session.failed': { status: 'failed', from: ['open'] },
  'session.expired': { status: 'expired', from: ['open'] },
};

export function createLedger(db: MerchantDatabase, now: () => number) {
  // Only ids and the type are kept: the event's session object carries a client secret.
  const insertEvent = db.prepare('INSERT INTO webhook_events (id, type, session_id, created, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const insertFulfilment = db.prepare(
    'INSERT INTO fulfilments (session_id, event_id, amount, currency, fulfilled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const selectSession = db.prepare<[string], { amount: number; currency: string }>('SELECT amount, currency FROM checkout_sessions WHERE id = ?');
  const updateStatus = db.prepare('UPDATE checkout_sessions SET status = ? WHERE id = ? AND status IN (SELECT value FROM json_each(?))');
  const verifications = createVerificationStore(db, now);

  const record = db.transaction((event: VerifiedEvent): EventOutcome => {
    const session = event.data?.object;
    const sessionId = session?.id?.startsWith('ses_') ? session.id : null;
    const at = now();
    if (insertEvent.run(event.id, event.type, sessionId, event.created ?? null, at).changes === 0) return 'duplicate';
    if (verifications.apply(event)) return 'recorded';
    const transition = STATUS_BY_EVENT[event.type];
    if (sessionId && transition) updateStatus.run(transition.status, sessionId, JSON.stringify(transition.from));
    if (event.type !== 'session.completed') return 'recorded';
    const paid = paidSessionSchema.safeParse(session);
    if (!paid.success) return 'not_fulfilled';
    // A session this shop created must be paid in full, in its currency; a mismatch waits for reconciliation.
    const ours = selectSession.get(paid.data.id);
    if (ours && (ours.amount !== paid.data.amount || ours.currency !== paid.data.currency.toUpperCase())) return 'not_fulfilled';
    const inserted = insertFulfilment.run(paid.data.id, event.id, paid.data.amount, paid.data.currency.toUpperCase(), at).changes;
    return inserted === 1 ? 'fulfilled' : 'duplicate';
  });

  return {
    record: (event: VerifiedEvent) => record.immediate(event),
    verifications,
    events: db.prepare<[], { id: string; type: string; received_at: number }>('SELECT id, type, received_at FROM webhook_events ORDER BY rowid'),
    fulfilments: db.prepare<[], { session_id: string; event_id: string; amount: number; currency: string; fulfilled_at: number }>(
      'SELECT session_id, event_id, amount, currency, fulfilled_at FROM fulfilments ORDER BY rowid',
    ),
    countEventsSince: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM webhook_events WHERE type = ? AND received_at >= ?'),
    fulfilledSessionIds: db.prepare<[], { session_id: string }>('SELECT session_id FROM fulfilments'),
  };
}

export type Ledger = ReturnType<typeof createLedger>;
