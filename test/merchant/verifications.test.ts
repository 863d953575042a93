/** The reference merchant's KYC/KYB handling: starting hosted verifications and recording their outcomes from verified webhooks. */
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { referenceMerchant } from '../fixtures/webhooks/reference-merchant.js';

async function setup() {
  const ref = await referenceMerchant();
  ref.sandbox.deliverTo(endpoint(ref.merchant.app, '/webhooks/0bit'));
  const start = (body: unknown, headers: Record<string, string> = {}) =>
    ref.merchant.app.request('/api/verifications', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { ref, start };
}

describe('merchant verifications', () => {
  it('starts a hosted verification at 0Bit with the customer id as reference, and records it pending', async () => {
    const { ref, start } = await setup();
    await using _ = ref;
    const res = await start({ customerId: 'cus_42', type: 'business' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { verificationId: string; url: string; status: string };
    expect(body).toEqual({ verificationId: expect.stringMatching(/^vs_/), url: expect.stringContaining(body.verificationId), status: 'pending' });
    expect(ref.sandbox.verifications.get(body.verificationId)).toMatchObject({ type: 'business', reference: 'cus_42' });
    expect(await (await ref.merchant.app.request(`/api/verifications/${body.verificationId}`)).json()).toEqual({
      verificationId: body.verificationId,
      customerId: 'cus_42',
      type: 'business',
      status: 'pending',
      verified: false,
    });
    expect((await ref.merchant.app.request('/api/verifications/vs_nope')).status).toBe(404);
  });

  it('refuses bad starts, and answers 502 when 0Bit refuses (KYB disabled) without recording anything', async () => {
    const { ref, start } = await setup();
    await using _ = ref;
    expect((await start({ customerId: 'a b', type: 'individual' })).status).toBe(422);
    expect((await start({ customerId: 'cus_1', type: 'robot' })).status).toBe(422);
    expect((await start({ customerId: 'cus_1', type: 'individual' }, { 'idempotency-key': ' ' })).status).toBe(400);
    ref.sandbox.setCapabilities({ verification: { kyb: { enabled: false } } });
    expect((await start({ customerId: 'cus_1', type: 'business' })).status).toBe(502);
    expect(ref.sandbox.verifications.list()).toEqual([]);
  });

  it('a retried start with the same Idempotency-Key opens one session at 0Bit', async () => {
    const { ref, start } = await setup();
    await using _ = ref;
    const a = (await (await start({ customerId: 'cus_9', type: 'individual' }, { 'idempotency-key': 'try-1' })).json()) as { verificationId: string };
    const b = (await (await start({ customerId: 'cus_9', type: 'individual' }, { 'idempotency-key': 'try-1' })).json()) as { verificationId: string };
    expect(b.verificationId).toBe(a.verificationId);
    expect(ref.sandbox.verifications.list()).toHaveLength(1);
  });

  it('never lets a late or replayed event undo a decision', async () => {
    const { ref, start } = await setup();
    await using _ = ref;
    const { verificationId: id } = (await (await start({ customerId: 'cus_5', type: 'individual' })).json()) as { verificationId: string };
    ref.sandbox.verifications.review(id);
    ref.sandbox.verifications.verify(id);
    await ref.sandbox.flush();
    expect(ref.merchant.verification(id)).toMatchObject({ status: 'verified', verified: true });
    // The review and created events arrive again, late: the customer stays verified.
    const [created, review] = ref.sandbox.events.filter((e) => (e.data.object as { id?: string }).id === id);
    await ref.sandbox.deliver(review!, { outOfOrderWith: [created!] });
    expect(ref.merchant.verification(id)).toMatchObject({ status: 'verified', verified: true });
  });

  it('records a verification it did not start (created elsewhere) from its events, by reference', async () => {
    const { ref } = await setup();
    await using _ = ref;
    const elsewhere = ref.sandbox.verifications.create({ type: 'business', reference: 'cus_77' });
    ref.sandbox.verifications.reject(elsewhere.id, 'registry_mismatch');
    await ref.sandbox.flush();
    expect(ref.merchant.verification(elsewhere.id)).toEqual({ id: elsewhere.id, customerId: 'cus_77', type: 'business', status: 'rejected', verified: false });
  });
});
