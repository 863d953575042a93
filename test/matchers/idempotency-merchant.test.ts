/** Proof: the idempotency matchers pass on the reference merchant app (examples/merchant) against the simulated sandbox. */
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { createDoubleFulfilLedger } from '../fixtures/idempotency/double-fulfil-ledger.js';
import { recordedEvidence } from '../support/evidence.js';
import { referenceMerchant, RETURN_URL } from '../fixtures/webhooks/reference-merchant.js';

const order = { amount: 4200, currency: 'EUR', returnUrl: `${RETURN_URL}?order=7` };

describe('idempotency matchers on the reference merchant', { tags: ['launch:idempotency'] }, () => {
  it('checkout is idempotent: retries and simultaneous calls create one session per key, a reused key with another payload gets 422', async ({ task }) => {
    await using ref = await referenceMerchant();
    await expect({ target: ref.merchant.app, method: 'POST', path: '/api/checkout/sessions', body: order }).toBeIdempotent({
      effects: () => ref.merchant.checkoutCount(),
    });
    // The sandbox saw one session per key as well.
    expect(ref.sandbox.sessions.list()).toHaveLength(3);
    expect(recordedEvidence(task)[0]?.probes.at(-1)?.response?.status).toBe(422);
  });

  it('the webhook endpoint is duplicate-safe, with 50 simultaneous deliveries too', async () => {
    await using ref = await referenceMerchant();
    const ep = endpoint(ref.merchant.app, '/webhooks/0bit');
    const now = () => ref.sandbox.clock.now();
    await expect(ep).toBeDuplicateSafe({ secret: ref.secret, effects: () => ref.merchant.fulfilmentCount(), now });
    await expect(ep).toBeDuplicateSafe({ secret: ref.secret, effects: () => ref.merchant.fulfilmentCount(), now, concurrency: 50 });
    expect(ref.merchant.fulfilmentCount()).toBe(2);
  });

  it('the ledger reconciles with the sandbox after checkouts, completions, failures and retried deliveries', async () => {
    await using ref = await referenceMerchant();
    ref.sandbox.deliverTo(endpoint(ref.merchant.app, '/webhooks/0bit'));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await ref.merchant.app.request('/api/checkout/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `order-${i}` },
        body: JSON.stringify(order),
      });
      ids.push(((await res.json()) as { sessionId: string }).sessionId);
    }
    ref.sandbox.sessions.complete(ids[0]!);
    ref.sandbox.sessions.complete(ids[1]!);
    ref.sandbox.sessions.fail(ids[2]!);
    await ref.sandbox.drain();
    // The sandbox retries the first completion: again, and three copies at once.
    const completion = ref.sandbox.events.find((e) => e.type === 'session.completed')!;
    await ref.sandbox.deliver(completion, { times: 3, concurrent: true });
    await ref.sandbox.deliver(completion);

    await expect(() => ref.merchant.fulfilments()).toReconcileWith(ref.sandbox);
    expect(
      ref.merchant
        .fulfilments()
        .map((f) => f.sessionId)
        .sort(),
    ).toEqual([ids[0], ids[1]].sort());
  });

  it('the same flow against a ledger that double-fulfils a retried completion fails, naming the session', async () => {
    await using ref = await referenceMerchant();
    const fixture = createDoubleFulfilLedger(ref.secret);
    ref.sandbox.deliverTo(endpoint(fixture.app, '/webhooks'));
    const [a, b] = [ref.sandbox.sessions.create(order), ref.sandbox.sessions.create(order)];
    ref.sandbox.sessions.complete(a.id);
    ref.sandbox.sessions.complete(b.id);
    await ref.sandbox.drain();
    const completionOfA = ref.sandbox.events.find((e) => e.type === 'session.completed' && e.data.object.id === a.id)!;
    await ref.sandbox.deliver(completionOfA);

    await expect(expect(fixture.fulfilments).toReconcileWith(ref.sandbox)).rejects.toThrow(new RegExp(`${a.id}: fulfilled 2 times \\(expected once\\)`));
  });
});
