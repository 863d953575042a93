import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { call, createSessionOverHttp, webhookReceiver } from './helpers.js';

/** Standard Webhooks, recomputed here from the spec rather than with the library's signer. */
function expectedStandardSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('signed webhook delivery', () => {
  it('signs with Standard Webhooks by default; the body is exactly the signed event JSON', async () => {
    const { handler, received } = webhookReceiver();
    await using s = createSandbox({ webhook: { endpoint: endpoint(handler, '/webhooks/0bit') } });
    const session = s.sessions.create({ amount: 900, currency: 'EUR' });
    s.sessions.complete(session.id);
    expect(received).toHaveLength(0);
    await s.flush();

    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [(typeof received)[number]];
    const event = s.events[0]!;
    expect(body).toBe(JSON.stringify(event));
    expect(JSON.parse(body)).toMatchObject({ id: event.id, type: 'session.completed', data: { object: { id: session.id, status: 'completed' } } });
    expect(headers['webhook-id']).toBe(event.id);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(s.clock.now() / 1000)));
    expect(headers['webhook-signature']).toBe(expectedStandardSignature(s.credentials.webhookSecret, event.id, headers['webhook-timestamp']!, body));
    expect(body).not.toContain(session.clientSecret);
    expect(s.deliveries).toEqual([expect.objectContaining({ eventId: event.id, attempt: 1, status: 200, ok: true, via: 'queue' })]);
  });

  it('signs t-v1 and custom schemes', async () => {
    const tv1 = webhookReceiver();
    const a = createSandbox({ webhook: { endpoint: endpoint(tv1.handler, '/hook'), scheme: 't-v1' } });
    a.sessions.fail(a.sessions.create({ amount: 1, currency: 'EUR' }).id);
    await a.flush();
    const { headers, body } = tv1.received[0]!;
    const ts = Math.floor(a.clock.now() / 1000);
    const hex = createHmac('sha256', a.credentials.webhookSecret).update(`${ts}.${body}`).digest('hex');
    expect(headers['x-0bit-signature']).toBe(`t=${ts},v1=${hex}`);

    const custom = webhookReceiver();
    const b = createSandbox({
      webhook: {
        endpoint: endpoint(custom.handler, '/hook'),
        scheme: {
          name: 'hex-body',
          sign: ({ body, secret }) => createHmac('sha512', secret).update(body).digest('hex'),
          headers: ({ signatures }) => ({ 'x-shop-signature': signatures[0]! }),
        },
      },
    });
    b.sessions.expire(b.sessions.create({ amount: 1, currency: 'EUR' }).id);
    await b.flush();
    const got = custom.received[0]!;
    expect(got.headers['x-shop-signature']).toBe(createHmac('sha512', b.credentials.webhookSecret).update(got.body).digest('hex'));
  });

  it('delivers to a real loopback server while nock intercepts the sandbox host', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await using s = createSandbox({ webhook: { endpoint: endpoint(url, '/webhooks') } });
      await s.start();
      const session = await createSessionOverHttp(s);
      await call(s, 'POST', `/v1/sessions/${session.id}/complete`, { token: session.clientSecret });
      await s.flush();
      expect(bodies).toEqual([JSON.stringify(s.events[0])]);
      expect(s.deliveries[0]).toMatchObject({ status: 204, ok: true });
    } finally {
      server.close();
    }
  });
});

describe('retries, backoff and dead letters on the virtual clock', () => {
  it('retries failed attempts after the backoff, with fresh timestamps and the same id and body', async () => {
    const { handler, received } = webhookReceiver([500, 503, 200]);
    const s = createSandbox({ webhook: { endpoint: endpoint(handler, '/h'), backoffMs: (n) => n * 10_000 } });
    const t0 = s.clock.now();
    s.sessions.complete(s.sessions.create({ amount: 1, currency: 'EUR' }).id);
    await s.flush();
    expect(received).toHaveLength(1);

    await s.clock.advance(9_999);
    expect(received).toHaveLength(1);
    await s.clock.advance(1);
    expect(received).toHaveLength(2);
    await s.clock.advance(20_000);
    expect(received).toHaveLength(3);
    expect(s.deliveries.map((d) => [d.attempt, d.status, d.at - t0])).toEqual([
      [1, 500, 0],
      [2, 503, 10_000],
      [3, 200, 30_000],
    ]);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([s.events[0]!.id]));
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(received.map((r) => Number(r.headers['webhook-timestamp']))).toEqual([0, 10_000, 30_000].map((d) => Math.floor((t0 + d) / 1000)));
    for (const r of received) {
      expect(r.headers['webhook-signature']).toBe(
        expectedStandardSignature(s.credentials.webhookSecret, r.headers['webhook-id']!, r.headers['webhook-timestamp']!, r.body),
      );
    }
    await s.clock.advance(3_600_000);
    expect(received).toHaveLength(3);
    expect(s.deadLetters).toEqual([]);
  });

  it('dead-letters after maxAttempts failures and shows the queue over HTTP', async () => {
    const { handler, received } = webhookReceiver(Array(10).fill(500));
    await using s = createSandbox({ webhook: { endpoint: endpoint(handler, '/h'), maxAttempts: 3 } });
    await s.start();
    s.sessions.fail(s.sessions.create({ amount: 1, currency: 'EUR' }).id);
    await s.drain();
    expect(received).toHaveLength(3);
    expect(s.deadLetters).toEqual([
      { eventId: s.events[0]!.id, type: 'session.failed', attempts: 3, lastStatus: 500, deadLetteredAt: new Date(s.clock.now()).toISOString() },
    ]);
    // Default backoff: 1 s then 2 s.
    expect(s.deliveries.map((d) => d.at - s.deliveries[0]!.at)).toEqual([0, 1_000, 3_000]);
    const res = await call(s, 'GET', '/v1/webhooks/dead_letters', { token: s.credentials.secretKey });
    expect(res.json.data).toEqual(s.deadLetters);
    await s.clock.advance(86_400_000);
    expect(received).toHaveLength(3);
  });

  it('counts a thrown error or a non-answer as a failed attempt (status null)', async () => {
    const s = createSandbox({
      webhook: {
        endpoint: endpoint((_req: Request) => Promise.reject(new Error('connection refused')), '/h'),
        maxAttempts: 2,
        backoffMs: () => 5,
      },
    });
    s.sessions.complete(s.sessions.create({ amount: 1, currency: 'EUR' }).id);
    await s.drain();
    expect(s.deliveries.map((d) => [d.status, d.error])).toEqual([
      [null, 'connection refused'],
      [null, 'connection refused'],
    ]);
    expect(s.deadLetters[0]).toMatchObject({ attempts: 2, lastStatus: null });
  });

  it('forceDeadLetter(n) fails the next n events until they are dead-lettered, without reaching the endpoint', async () => {
    const { handler, received } = webhookReceiver();
    const s = createSandbox({ webhook: { endpoint: endpoint(handler, '/h'), maxAttempts: 4 } });
    s.forceDeadLetter(1);
    const a = s.sessions.create({ amount: 1, currency: 'EUR' });
    const b = s.sessions.create({ amount: 2, currency: 'EUR' });
    s.sessions.fail(a.id);
    s.sessions.complete(b.id);
    await s.drain();
    expect(s.deadLetters.map((d) => [d.type, d.attempts])).toEqual([['session.failed', 4]]);
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['session.completed']);
  });

  it('holds deliveries until an endpoint is set, and says so on flush()', async () => {
    const s = createSandbox();
    s.sessions.complete(s.sessions.create({ amount: 1, currency: 'EUR' }).id);
    await s.clock.advance(1_000);
    await expect(s.flush()).rejects.toMatchObject({ code: 'SANDBOX_NO_ENDPOINT' });
    const { handler, received } = webhookReceiver();
    s.deliverTo(endpoint(handler, '/h'));
    await s.flush();
    expect(received).toHaveLength(1);
  });
});

describe('duplicates, concurrency and order', () => {
  it('delivers the same event several times, one after another or at once', async () => {
    const { handler, received } = webhookReceiver();
    const s = createSandbox({ webhook: { endpoint: endpoint(handler, '/h') } });
    s.sessions.complete(s.sessions.create({ amount: 1, currency: 'EUR' }).id);
    const event = s.events[0]!;

    const sequential = await s.deliver(event, { times: 3 });
    expect(sequential.map((r) => [r.attempt, r.ok, r.via])).toEqual([
      [1, true, 'manual'],
      [2, true, 'manual'],
      [3, true, 'manual'],
    ]);

    let inFlight = 0;
    let maxInFlight = 0;
    const slow = async (request: Request) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await request.text();
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return new Response(null, { status: 200 });
    };
    s.deliverTo(endpoint(slow, '/h'));
    const concurrent = await s.deliver(event, { times: 4, concurrent: true });
    expect(concurrent).toHaveLength(4);
    expect(maxInFlight).toBe(4);
    expect(new Set(received.map((r) => r.body))).toEqual(new Set([JSON.stringify(event)]));
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
  });

  it('delivers an event before the events that preceded it', async () => {
    const { handler, received } = webhookReceiver();
    const s = createSandbox({ webhook: { endpoint: endpoint(handler, '/h') } });
    const ids = [1, 2, 3].map((n) => s.sessions.create({ amount: n, currency: 'EUR' }).id);
    s.sessions.fail(ids[0]!);
    s.sessions.expire(ids[1]!);
    s.sessions.complete(ids[2]!);
    const [first, second, third] = s.events as [never, never, never];
    const results = await s.deliver(third, { outOfOrderWith: [first, second] });
    expect(results.map((r) => r.type)).toEqual(['session.completed', 'session.failed', 'session.expired']);
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['session.completed', 'session.failed', 'session.expired']);
  });

  it('refuses deliver() without an endpoint or with something that is not an event', async () => {
    const s = createSandbox();
    await expect(s.deliver({ id: 'evt_1', type: 'x', created: 1, data: { object: {} } })).rejects.toMatchObject({ code: 'SANDBOX_NO_ENDPOINT' });
    s.deliverTo(endpoint(webhookReceiver().handler, '/h'));
    await expect(s.deliver({} as never)).rejects.toMatchObject({ code: 'SANDBOX_ARGUMENT_INVALID', message: expect.stringMatching(/string id and type/) });
  });
});

describe("the integration's event type names", () => {
  it('emits and delivers each mapped event under the name the integration uses; unnamed ones keep the sandbox name', async () => {
    const { handler, received } = webhookReceiver();
    await using s = createSandbox({
      eventTypes: { 'session.completed': 'checkout.session.paid', 'session.expired': 'checkout_session_expired' },
      webhook: { endpoint: endpoint(handler, '/hooks') },
    });
    await s.start();
    expect(s.eventTypes).toEqual({
      'session.completed': 'checkout.session.paid',
      'session.failed': 'session.failed',
      'session.expired': 'checkout_session_expired',
    });
    const [a, b, c] = [1, 2, 3].map((n) => s.sessions.create({ amount: n, currency: 'EUR' }).id) as [string, string, string];
    s.sessions.complete(a);
    s.sessions.fail(b);
    s.sessions.expire(c);
    await s.flush();
    expect(s.events.map((e) => e.type)).toEqual(['checkout.session.paid', 'session.failed', 'checkout_session_expired']);
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['checkout.session.paid', 'session.failed', 'checkout_session_expired']);
    expect(s.deliveries.map((d) => d.type)).toEqual(['checkout.session.paid', 'session.failed', 'checkout_session_expired']);
    // The API lists them under the same names.
    const listed = await call(s, 'GET', '/v1/events', { token: s.credentials.secretKey });
    expect(listed.json.data.map((e: { type: string }) => e.type)).toEqual(['checkout_session_expired', 'session.failed', 'checkout.session.paid']);
  });

  it('refuses a mapping it cannot honour, naming the field', () => {
    for (const [eventTypes, pattern] of [
      [{ 'session.completed': 'paid', 'session.failed': 'paid' }, /two event types are named "paid"/],
      [{ 'session.completed': 'checkout paid' }, /eventTypes\.session\.completed: must be an event type name without spaces/],
      [{ 'session.refunded': 'refund' }, /eventTypes: Unrecognized key/],
      [{ 'session.failed': '' }, /eventTypes\.session\.failed/],
    ] as const) {
      expect(() => createSandbox({ eventTypes: eventTypes as never })).toThrow(
        expect.objectContaining({ code: 'SANDBOX_OPTIONS_INVALID', message: expect.stringMatching(pattern) }),
      );
    }
  });
});
