import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../examples/merchant/idempotency.js';
import { API_BASE, createHarness, isolateNetwork, RETURN_URL, zeroBitSession } from './harness.js';

let restoreNetwork: () => void;
beforeAll(() => void (restoreNetwork = isolateNetwork()));
afterEach(() => nock.cleanAll());
afterAll(() => restoreNetwork());

const order = { amount: 2500, currency: 'eur', returnUrl: `${RETURN_URL}?order=42` };

describe('POST /api/checkout/sessions', () => {
  it('creates the session at 0Bit with the secret key and returns only browser-safe values', async () => {
    const h = createHarness();
    const session = zeroBitSession();
    let seen: { auth?: string; key?: string; body?: unknown } = {};
    nock(API_BASE)
      .post('/v1/sessions')
      .reply(function (_uri, body) {
        seen = { auth: this.req.headers.authorization, key: this.req.headers['idempotency-key'], body };
        return [201, session];
      });

    const res = await h.checkout(order, { 'idempotency-key': 'attempt-1' });

    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ sessionId: session.id, clientSecret: session.clientSecret, publishableKey: expect.stringMatching(/^pk_sandbox_/) });
    expect(JSON.stringify(body)).not.toContain(h.secretKey);
    expect(seen.auth).toBe(`Bearer ${h.secretKey}`);
    expect(seen.key).toMatch(/^checkout_[0-9a-f]{64}$/);
    expect(seen.body).toEqual({ amount: 2500, currency: 'EUR', returnUrl: `${RETURN_URL}?order=42` });
    expect(h.merchant.checkoutCount()).toBe(1);
  });

  it('creates an embedded checkout without a return URL', async () => {
    const h = createHarness();
    let sent: unknown;
    nock(API_BASE)
      .post('/v1/sessions')
      .reply((_uri, body) => {
        sent = body;
        return [201, zeroBitSession()];
      });
    const res = await h.checkout({ amount: 100, currency: 'EUR' }, { 'idempotency-key': 'k' });
    expect(res.status).toBe(201);
    expect(sent).toEqual({ amount: 100, currency: 'EUR' });
  });

  it('requires an Idempotency-Key and makes no 0Bit call without one', async () => {
    const h = createHarness();
    const scope = nock(API_BASE).post('/v1/sessions').reply(201, zeroBitSession());
    const res = await h.checkout(order);
    expect(res.status).toBe(400);
    expect(scope.isDone()).toBe(false);
    expect(h.merchant.checkoutCount()).toBe(0);
  });

  it.each([
    ['a body that is not JSON', '{"amount":'],
    ['a negative amount', { ...order, amount: -1 }],
    ['a fractional amount', { ...order, amount: 10.5 }],
    ['an unknown field', { ...order, customerEmail: 'x' }],
  ])('refuses %s without a 0Bit call', async (_name, body) => {
    const h = createHarness();
    const scope = nock(API_BASE).post('/v1/sessions').reply(201, zeroBitSession());
    const res = await h.checkout(body, { 'idempotency-key': 'k' });
    expect([400, 422]).toContain(res.status);
    expect(scope.isDone()).toBe(false);
  });

  it('replays the first response for the same key and payload without a second 0Bit call', async () => {
    const h = createHarness();
    const scope = nock(API_BASE).post('/v1/sessions').once().reply(201, zeroBitSession());
    const first = await h.checkout(order, { 'idempotency-key': 'k1' });
    // Same payload, other key order and whitespace: the fingerprint is over canonical JSON.
    const replay = await h.checkout(`{ "returnUrl": ${JSON.stringify(order.returnUrl)}, "currency": "eur", "amount": 2500 }`, {
      'idempotency-key': 'k1',
    });

    expect(replay.status).toBe(first.status);
    expect(await replay.json()).toEqual(await first.json());
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(scope.isDone()).toBe(true);
    expect(h.merchant.checkoutCount()).toBe(1);
  });

  it('refuses the same key with another payload (422) and creates nothing more', async () => {
    const h = createHarness();
    nock(API_BASE).post('/v1/sessions').once().reply(201, zeroBitSession());
    await h.checkout(order, { 'idempotency-key': 'k1' });
    const other = await h.checkout({ ...order, amount: 9900 }, { 'idempotency-key': 'k1' });
    expect(other.status).toBe(422);
    expect((await other.json()).error.type).toBe('idempotency_key_reused');
    expect(h.merchant.checkoutCount()).toBe(1);
  });

  it('makes exactly one 0Bit call for 20 concurrent requests with the same key', async () => {
    const h = createHarness();
    let upstreamCalls = 0;
    let releaseUpstream!: () => void;
    const upstreamGate = new Promise<void>((resolve) => (releaseUpstream = resolve));
    const session = zeroBitSession();
    nock(API_BASE)
      .post('/v1/sessions')
      .times(20)
      .reply(async () => {
        upstreamCalls++;
        await upstreamGate;
        return [201, session];
      });

    // Hold 0Bit's answer until every other duplicate has been answered, so all 20 overlap.
    let answered = 0;
    const requests = Array.from({ length: 20 }, () =>
      h.checkout(order, { 'idempotency-key': 'same' }).then((res) => {
        if (++answered === 19) releaseUpstream();
        return res;
      }),
    );
    const responses = await Promise.all(requests);

    expect(upstreamCalls).toBe(1);
    expect(h.merchant.checkoutCount()).toBe(1);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const replay = await h.checkout(order, { 'idempotency-key': 'same' });
    expect((await replay.json()).sessionId).toBe(session.id);
  });

  it('frees the key when 0Bit fails, so a retry with the same key succeeds once', async () => {
    const h = createHarness();
    const keys: string[] = [];
    nock(API_BASE)
      .post('/v1/sessions')
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [503, { error: { type: 'unavailable', message: 'try later' } }];
      })
      .post('/v1/sessions')
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [201, zeroBitSession()];
      });

    const failed = await h.checkout(order, { 'idempotency-key': 'k' });
    expect(failed.status).toBe(503);
    expect(h.merchant.checkoutCount()).toBe(0);
    const retried = await h.checkout(order, { 'idempotency-key': 'k' });
    expect(retried.status).toBe(201);
    expect(keys[0]).toBe(keys[1]);
    expect(h.merchant.checkoutCount()).toBe(1);
  });

  it('lets a retry take over a key whose owner never finished once its lease ran out', async () => {
    const h = createHarness();
    h.merchant.db
      .prepare("INSERT INTO idempotency_keys (scope, key, fingerprint, state, locked_until, created_at) VALUES (?, ?, ?, 'in_flight', ?, ?)")
      .run('POST /api/checkout/sessions', 'stuck', 'other-fingerprint', h.clock.now() + 60_000, h.clock.now());
    expect((await h.checkout(order, { 'idempotency-key': 'stuck' })).status).toBe(422);

    h.merchant.db.prepare('UPDATE idempotency_keys SET fingerprint = ? WHERE key = ?').run(fingerprint(order), 'stuck');
    expect((await h.checkout(order, { 'idempotency-key': 'stuck' })).status).toBe(409);

    h.clock.advance(61_000);
    nock(API_BASE).post('/v1/sessions').reply(201, zeroBitSession());
    expect((await h.checkout(order, { 'idempotency-key': 'stuck' })).status).toBe(201);
  });
});
