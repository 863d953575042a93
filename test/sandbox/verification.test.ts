import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { createSandbox, VERIFICATION_EVENT_TYPES } from '../../src/sandbox/index.js';
import { isLaunchError } from '../../src/errors.js';
import { call, webhookReceiver } from './helpers.js';

async function started(options: Parameters<typeof createSandbox>[0] = {}) {
  const sandbox = createSandbox(options);
  await sandbox.start();
  return sandbox;
}

describe('hosted verification sessions over HTTP', () => {
  it('creates a pending KYC session for an individual and a KYB session for a business, each with its created event', async () => {
    await using s = await started();
    const secret = s.credentials.secretKey;
    const person = await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'individual', reference: 'cus_42' } });
    expect(person.status).toBe(201);
    expect(person.json).toMatchObject({
      object: 'verification_session',
      type: 'individual',
      programme: 'kyc',
      status: 'pending',
      reference: 'cus_42',
      reason: null,
      decidedAt: null,
    });
    expect(person.json.id).toMatch(/^vs_[A-Za-z0-9]{24}$/);
    expect(person.json.url).toBe(`${s.baseUrl}/hosted/verify/${person.json.id}`);
    const company = await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'business' } });
    expect(company.json).toMatchObject({ type: 'business', programme: 'kyb', status: 'pending', reference: null });
    expect(s.events.map((e) => [e.type, (e.data.object as { id?: string }).id])).toEqual([
      ['verification_session.created', person.json.id],
      ['verification_session.created', company.json.id],
    ]);
    expect((await call(s, 'GET', `/v1/verification_sessions/${person.json.id}`, { token: secret })).json).toEqual(person.json);
    expect((await call(s, 'GET', '/v1/verification_sessions?status=pending', { token: secret })).json.data).toHaveLength(2);
    expect(s.calls.every((c) => c.documented)).toBe(true);
  });

  it('plays every outcome through its route, each emitting its event, and refuses moves the state machine does not allow', async () => {
    await using s = await started();
    const secret = s.credentials.secretKey;
    const create = async () => (await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'individual' } })).json.id as string;
    const post = (id: string, action: string, body?: unknown) => call(s, 'POST', `/v1/verification_sessions/${id}/${action}`, { token: secret, body });

    const verified = await create();
    expect((await post(verified, 'verify')).json).toMatchObject({ status: 'verified', decidedAt: expect.any(String) });
    const rejected = await create();
    expect((await post(rejected, 'reject', { reason: 'document_expired' })).json).toMatchObject({ status: 'rejected', reason: 'document_expired' });
    const reviewed = await create();
    expect((await post(reviewed, 'review')).json).toMatchObject({ status: 'needs_review', reason: 'manual_review_required', decidedAt: null });
    expect((await post(reviewed, 'verify')).json).toMatchObject({ status: 'verified' });
    const expired = await create();
    expect((await post(expired, 'expire')).json).toMatchObject({ status: 'expired' });

    expect(s.events.filter((e) => e.type !== 'verification_session.created').map((e) => e.type)).toEqual([
      'verification_session.verified',
      'verification_session.rejected',
      'verification_session.needs_review',
      'verification_session.verified',
      'verification_session.expired',
    ]);
    // Final outcomes are final; a review cannot expire; unknown ids are 404.
    expect((await post(verified, 'reject')).status).toBe(409);
    expect((await post(rejected, 'verify')).json.error.code).toBe('verification_not_open');
    expect((await post(expired, 'review')).status).toBe(409);
    expect((await post(`vs_${'x'.repeat(24)}`, 'verify')).status).toBe(404);
    expect((await post(verified, 'verify', { reason: 'x', extra: 1 })).status).toBe(400);
  });

  it('expires a pending session when the clock passes expiresAt, not one already decided', async () => {
    await using s = await started({ verificationTtlMs: 60_000 });
    const open = s.verifications.create({ type: 'business' });
    const done = s.verifications.create({ type: 'individual' });
    s.verifications.verify(done.id);
    await s.clock.advance(60_001);
    expect(s.verifications.get(open.id)?.status).toBe('expired');
    expect(s.verifications.get(done.id)?.status).toBe('verified');
    expect(s.events.filter((e) => e.type === 'verification_session.expired')).toHaveLength(1);
  });

  it('refuses a programme the capability response disables, and bad input, with 400', async () => {
    await using s = await started();
    const secret = s.credentials.secretKey;
    s.setCapabilities({ verification: { kyb: { enabled: false, reason: 'KYB not contracted' } } });
    const refused = await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'business' } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'capability_disabled', message: 'verification kyb is disabled: KYB not contracted' });
    expect((await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'individual' } })).status).toBe(201);
    expect((await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'robot' } })).json.error.code).toBe('parameter_invalid');
    expect((await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: '{' })).json.error.code).toBe('body_invalid');
    expect((await call(s, 'GET', '/v1/verification_sessions?status=done', { token: secret })).status).toBe(400);
    expect(() => s.verifications.create({ type: 'business' })).toThrow(expect.objectContaining({ code: 'SANDBOX_REQUEST_REFUSED' }));
  });

  it('replays a create under the same Idempotency-Key, and refuses the key with another payload', async () => {
    await using s = await started();
    const secret = s.credentials.secretKey;
    const body = { type: 'individual', reference: 'cus_7' };
    const first = await call(s, 'POST', '/v1/verification_sessions', { token: secret, body, headers: { 'idempotency-key': 'k1' } });
    const again = await call(s, 'POST', '/v1/verification_sessions', {
      token: secret,
      body: { reference: 'cus_7', type: 'individual' },
      headers: { 'idempotency-key': 'k1' },
    });
    expect(again.json.id).toBe(first.json.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(s.verifications.list()).toHaveLength(1);
    expect(
      (await call(s, 'POST', '/v1/verification_sessions', { token: secret, body: { type: 'business' }, headers: { 'idempotency-key': 'k1' } })).status,
    ).toBe(422);
  });

  it('takes the secret key only', async () => {
    await using s = await started();
    const session = s.sessions.create({ amount: 100, currency: 'EUR' });
    expect((await call(s, 'POST', '/v1/verification_sessions', { token: s.credentials.publishableKey, body: { type: 'individual' } })).status).toBe(403);
    expect((await call(s, 'GET', '/v1/verification_sessions', { token: session.clientSecret })).status).toBe(403);
    expect((await call(s, 'GET', '/v1/verification_sessions', {})).status).toBe(401);
  });

  it('delivers each verification event as a signed webhook (Standard Webhooks), body exactly the event', async () => {
    const receiver = webhookReceiver();
    await using s = await started({ webhook: { endpoint: endpoint(receiver.handler, '/hooks') } });
    const v = s.verifications.create({ type: 'individual', reference: 'cus_1' });
    s.verifications.review(v.id);
    s.verifications.reject(v.id, 'sanctions_screening');
    await s.flush();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual([
      'verification_session.created',
      'verification_session.needs_review',
      'verification_session.rejected',
    ]);
    const last = receiver.received.at(-1)!;
    const key = Buffer.from(s.credentials.webhookSecret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${last.headers['webhook-id']}.${last.headers['webhook-timestamp']}.${last.body}`).digest('base64');
    expect(last.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(last.body).data.object).toMatchObject({ id: v.id, status: 'rejected', reason: 'sanctions_screening', reference: 'cus_1' });
  });

  it('lists every verification event type in the OpenAPI document, with the session schema', async () => {
    const s = createSandbox();
    expect(Object.keys(s.openapi.webhooks as object)).toEqual(expect.arrayContaining([...VERIFICATION_EVENT_TYPES]));
    const schemas = (s.openapi.components as { schemas: Record<string, { properties?: Record<string, unknown>; enum?: string[] }> }).schemas;
    expect(schemas.VerificationStatus?.enum).toEqual(['pending', 'needs_review', 'verified', 'rejected', 'expired']);
    expect(Object.keys(schemas.VerificationSession?.properties ?? {})).toEqual(Object.keys(s.verifications.create({ type: 'individual' })));
  });

  it('throws SANDBOX_REQUEST_REFUSED from the direct helpers when a move is not allowed', async () => {
    await using s = await started();
    const v = s.verifications.create({ type: 'individual' });
    s.verifications.expire(v.id);
    try {
      s.verifications.verify(v.id);
      expect.unreachable();
    } catch (error) {
      expect(isLaunchError(error, 'SANDBOX_REQUEST_REFUSED')).toBe(true);
    }
  });
});
