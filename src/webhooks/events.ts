import { randomId } from '../base/random-id.js';

/** The body of every webhook delivery; `webhook-id` carries the same `id`. */
export interface WebhookEvent {
  id: string;
  type: string;
  created: number;
  data: unknown;
  [extra: string]: unknown;
}

/** An event as a user hands it to a matcher: `id` and `created` are filled in when absent. */
export interface EventInput {
  id?: string;
  type: string;
  created?: number;
  data?: unknown;
  [extra: string]: unknown;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function completeEvent(input: EventInput, created = nowSeconds()): WebhookEvent {
  return { ...input, id: input.id ?? randomId('evt'), type: input.type, created: input.created ?? created, data: input.data ?? {} };
}

const STATUS_OF_TYPE: Record<string, string> = {
  'session.completed': 'completed',
  'session.failed': 'failed',
  'session.expired': 'expired',
};

/** Non-ASCII text in every probe event, so the raw-body probe's `\u` escapes change its bytes. */
export const PROBE_NOTE = 'Café crème / naïve résumé ☕';

/**
 * A sandbox-shaped session event about a fresh session, so an integration that fulfils
 * on `session.completed` has something new to fulfil every time. `name` is the type the
 * integration knows it by (the sandbox's own name by default).
 */
export function sessionEvent(type = 'session.completed', options: { sessionId?: string; created?: number; name?: string } = {}): WebhookEvent {
  const created = options.created ?? nowSeconds();
  const id = options.sessionId ?? randomId('ses');
  return {
    id: randomId('evt'),
    type: options.name ?? type,
    created,
    data: {
      object: {
        id,
        object: 'session',
        status: STATUS_OF_TYPE[type] ?? 'open',
        amount: 4200,
        currency: 'EUR',
        asset: 'USDC',
        method: 'wallet',
        region: 'EU',
        metadata: { order: `ord_${id.slice(4, 16)}`, note: PROBE_NOTE },
        createdAt: new Date((created - 60) * 1000).toISOString(),
        expiresAt: new Date((created + 1740) * 1000).toISOString(),
      },
    },
  };
}

/** The same event as a new message: another event id, everything else kept. */
export function reissue(event: WebhookEvent, created = event.created): WebhookEvent {
  return { ...event, id: randomId('evt'), created };
}

/** The session id an event is about, when it has the sandbox's `data.object.id` shape. */
export function objectIdOf(event: WebhookEvent): string | undefined {
  const object = (event.data as { object?: { id?: unknown } } | undefined)?.object;
  return typeof object?.id === 'string' ? object.id : undefined;
}

/**
 * JSON text of the event whose bytes differ from `JSON.stringify(JSON.parse(text))`:
 * keys reordered, two-space indentation and a trailing newline, non-ASCII characters
 * and `/` escaped. A verifier that signs its re-serialised parse instead of the raw
 * bytes refuses it.
 */
export function nonCanonicalJson(event: WebhookEvent): string {
  const { id, ...rest } = event;
  const reordered = { ...rest, id };
  const text = JSON.stringify(reordered, null, 2)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
  return `${text}\n`;
}

/** A changed copy of a signed body: the amount multiplied when there is one, else a field added. */
export function tamperedBody(event: WebhookEvent): string {
  const copy = structuredClone(event) as WebhookEvent & { data: { object?: { amount?: unknown } } & Record<string, unknown> };
  const object = copy.data?.object;
  if (object && typeof object.amount === 'number') object.amount = object.amount * 100;
  else copy.data = { ...(copy.data as object), tampered: true };
  return JSON.stringify(copy);
}
