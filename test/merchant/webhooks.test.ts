import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHarness, eventId, makeWebhookSecret, sessionEvent, zeroBitSession } from './harness.js';

const completedBody = (session = zeroBitSession(), id = eventId()) => JSON.stringify(sessionEvent('session.completed', session, id));

/** A v1 signature computed by hand, to build the refusal cases the helper would not produce. */
function v1(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

describe('POST /webhooks/0bit — verification', () => {
  it('accepts a correctly signed delivery and logs the event', async () => {
    const h = createHarness();
    const body = completedBody();
    const res = await h.deliver(body);
    expect(res.status).toBe(200);
    const { id } = JSON.parse(body) as { id: string };
    expect(h.merchant.eventLog()).toEqual([{ id, type: 'session.completed', receivedAt: new Date(h.clock.now()).toISOString() }]);
    expect(h.merchant.fulfilmentCount()).toBe(1);
  });

  it('verifies the raw bytes: odd whitespace, key order and unicode escapes are accepted as sent', async () => {
    const h = createHarness();
    const session = zeroBitSession();
    const id = eventId();
    const body = `{\n  "type" : "session.completed",\t"id":"${id}",  "created": 1772366400,
      "data": {"object": {"currency":"\\u0045UR", "amount": 2500, "id": "${session.id}", "note": "caf\\u00e9 \u00e9\u{1F600}"}}   }\r\n`;
    const res = await h.deliver(body, { id });
    expect(res.status).toBe(200);
    expect(h.merchant.fulfilments()).toMatchObject([{ sessionId: session.id, eventId: id, amount: 2500, currency: 'EUR' }]);
  });

  it('accepts a delivery signed with any configured secret during a rotation, and extra unknown signatures', async () => {
    const previous = makeWebhookSecret();
    const next = makeWebhookSecret();
    const rotated = createHarness({ webhookSecrets: [previous, next] });
    const body = completedBody();
    const { id } = JSON.parse(body) as { id: string };
    const ts = rotated.clock.seconds();
    const signature = `v2,${v1(next, id, ts, body)} v1,${v1(makeWebhookSecret(), id, ts, body)} v1,${v1(next, id, ts, body)}`;
    const res = await rotated.deliver(body, { headers: { 'webhook-signature': signature } });
    expect(res.status).toBe(200);
    expect((await rotated.deliver(completedBody(), { secrets: [previous] })).status).toBe(200);
  });

  const refusals: Array<[string, (h: ReturnType<typeof createHarness>, body: string, id: string) => Response | Promise<Response>]> = [
    [
      'unsigned (no signature header)',
      (h, body, id) =>
        h.merchant.app.request('/webhooks/0bit', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(h.clock.seconds()) },
          body,
        }),
    ],
    [
      'missing webhook-id and timestamp',
      (h, body) => h.merchant.app.request('/webhooks/0bit', { method: 'POST', headers: { 'webhook-signature': 'v1,AAAA' }, body }),
    ],
    ['signed with another secret (forged)', (h, body) => h.deliver(body, { secrets: [makeWebhookSecret()] })],
    [
      'tampered body',
      (h, body, id) => {
        const headers = { 'webhook-signature': `v1,${v1(h.webhookSecret, id, h.clock.seconds(), body)}` };
        return h.deliver(body.replace('2500', '1'), { headers });
      },
    ],
    ['a signature made for another message id', (h, body, id) => h.deliver(body, { id: eventId(), headers: { 'webhook-id': id } })],
    ['stale timestamp (beyond tolerance)', (h, body) => h.deliver(body, { timestamp: h.clock.seconds() - 301 })],
    ['timestamp in the future (beyond tolerance)', (h, body) => h.deliver(body, { timestamp: h.clock.seconds() + 301 })],
    ['non-numeric timestamp', (h, body) => h.deliver(body, { headers: { 'webhook-timestamp': '1e9' } })],
    [
      'only unknown signature versions (v2, v1a)',
      (h, body, id) => {
        const sig = v1(h.webhookSecret, id, h.clock.seconds(), body);
        return h.deliver(body, { headers: { 'webhook-signature': `v2,${sig} v1a,${sig}` } });
      },
    ],
    [
      'a truncated signature',
      (h, body, id) => {
        const sig = v1(h.webhookSecret, id, h.clock.seconds(), body);
        return h.deliver(body, { headers: { 'webhook-signature': `v1,${sig.slice(0, 20)}` } });
      },
    ],
    ['an empty v1 signature', (h, body) => h.deliver(body, { headers: { 'webhook-signature': 'v1,' } })],
    [
      'an oversized signature header (> 4 KiB)',
      (h, body, id) => {
        const sig = v1(h.webhookSecret, id, h.clock.seconds(), body);
        return h.deliver(body, { headers: { 'webhook-signature': `${'v0,x '.repeat(1000)}v1,${sig}` } });
      },
    ],
  ];

  it.each(refusals)('refuses %s with 400/401 and no side effect', async (_name, send) => {
    const h = createHarness();
    const body = completedBody();
    const { id } = JSON.parse(body) as { id: string };
    const res = await send(h, body, id);
    expect([400, 401]).toContain(res.status);
    expect(h.merchant.eventLog()).toEqual([]);
    expect(h.merchant.fulfilmentCount()).toBe(0);
  });

  it('accepts deliveries at the edge of the tolerance window and honours a custom tolerance', async () => {
    const h = createHarness({ webhookToleranceSeconds: 60 });
    expect((await h.deliver(completedBody(), { timestamp: h.clock.seconds() - 60 })).status).toBe(200);
    expect((await h.deliver(completedBody(), { timestamp: h.clock.seconds() - 61 })).status).toBe(401);
  });

  it('refuses a validly signed delivery whose webhook-id is not the event id', async () => {
    const h = createHarness();
    const res = await h.deliver(completedBody(), { id: eventId() });
    expect(res.status).toBe(400);
    expect((await res.json()).error.type).toBe('event_id_mismatch');
    expect(h.merchant.eventLog()).toEqual([]);
  });
});

describe('POST /webhooks/0bit — recording', () => {
  it('logs every event type once', async () => {
    const h = createHarness();
    const session = zeroBitSession();
    const types = ['session.failed', 'session.expired', 'account.updated', 'session.completed'];
    for (const type of types) expect((await h.deliver(JSON.stringify(sessionEvent(type, session)))).status).toBe(200);
    expect(h.merchant.eventLog().map((e) => e.type)).toEqual(types);
  });

  it('fulfils once for a redelivered event, sequentially and concurrently', async () => {
    const h = createHarness();
    const body = completedBody();
    const results = await Promise.all(Array.from({ length: 10 }, () => h.deliver(body)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await h.deliver(body)).status).toBe(200);
    expect(h.merchant.eventLog()).toHaveLength(1);
    expect(h.merchant.fulfilmentCount()).toBe(1);
  });

  it('fulfils a session once even when two distinct completion events arrive for it', async () => {
    const h = createHarness();
    const session = zeroBitSession();
    await h.deliver(completedBody(session));
    await h.deliver(completedBody(session));
    expect(h.merchant.eventLog()).toHaveLength(2);
    expect(h.merchant.fulfilmentCount()).toBe(1);
  });

  it('does not fulfil a session of ours paid with another amount', async () => {
    const h = createHarness();
    const session = zeroBitSession();
    h.merchant.db
      .prepare(
        "INSERT INTO checkout_sessions (id, idempotency_key, amount, currency, return_url, status, created_at) VALUES (?, 'k', 9900, 'EUR', 'https://shop.example/checkout/return', 'open', 0)",
      )
      .run(session.id);
    expect((await h.deliver(completedBody(session))).status).toBe(200);
    expect(h.merchant.eventLog()).toHaveLength(1);
    expect(h.merchant.fulfilmentCount()).toBe(0);
  });

  it('keeps a completed session completed when a stale failure arrives after it', async () => {
    const h = createHarness();
    const session = zeroBitSession();
    h.merchant.db
      .prepare(
        "INSERT INTO checkout_sessions (id, idempotency_key, amount, currency, return_url, status, created_at) VALUES (?, 'k', 2500, 'EUR', 'https://shop.example/checkout/return', 'open', 0)",
      )
      .run(session.id);
    await h.deliver(completedBody(session));
    await h.deliver(JSON.stringify(sessionEvent('session.failed', session)));
    const status = await h.merchant.app.request(`/api/checkout/sessions/${session.id}`);
    expect(await status.json()).toEqual({ sessionId: session.id, status: 'completed', fulfilled: true });
  });

  it('refuses a verified body that is not an event', async () => {
    const h = createHarness();
    const res = await h.deliver('{"id":"evt_1"}', { id: 'evt_1' });
    expect(res.status).toBe(400);
    expect(h.merchant.eventLog()).toEqual([]);
  });
});
