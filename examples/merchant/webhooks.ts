import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { eventSchema, type Ledger } from './ledger.js';
import type { ResolvedOptions } from './options.js';
import { verifyStandardWebhook } from './webhook-signature.js';

const MAX_BODY_BYTES = 256 * 1024;

/**
 * The 0Bit webhook endpoint. Order matters: verify the raw bytes, then parse, then record.
 * Every refusal happens before anything is written. A verified event that was already
 * recorded is answered 200 so 0Bit stops retrying it.
 */
export function webhookRoutes({ options, ledger }: { options: ResolvedOptions; ledger: Ledger }) {
  const routes = new Hono();

  routes.post('/0bit', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: { type: 'payload_too_large' } }, 413) }), async (c) => {
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const verification = verifyStandardWebhook({
      headers: {
        id: c.req.header('webhook-id'),
        timestamp: c.req.header('webhook-timestamp'),
        signature: c.req.header('webhook-signature'),
      },
      rawBody,
      keys: options.webhookKeys,
      toleranceSeconds: options.webhookToleranceSeconds,
      nowSeconds: Math.floor(options.now() / 1000),
    });
    if (!verification.ok) return c.json({ error: { type: verification.reason } }, verification.status);

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
    } catch {
      return c.json({ error: { type: 'invalid_json' } }, 400);
    }
    const event = eventSchema.safeParse(json);
    if (!event.success) return c.json({ error: { type: 'invalid_event' } }, 400);
    // The signed message id and the event id must agree, or one event could be replayed under another id.
    if (event.data.id !== verification.id) return c.json({ error: { type: 'event_id_mismatch' } }, 400);

    const outcome = ledger.record(event.data);
    return c.json({ received: true, duplicate: outcome === 'duplicate' }, 200);
  });

  return routes;
}
