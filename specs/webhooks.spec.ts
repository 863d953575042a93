import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Webhooks: signature verification and event logging pass', { tags: ['launch:webhooks'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('accepts only correctly signed, fresh deliveries verified over the raw body', async () => {
    await expect(app.webhooks).toVerifyWebhookSignatures({
      secret: app.sandbox.credentials.webhookSecret,
      effects: () => app.merchant.fulfilmentCount(),
      now: () => app.sandbox.clock.now(),
    });
  });

  it('logs every delivered event with its type', async () => {
    await expect(app.webhooks).toLogWebhookEvents({
      secret: app.sandbox.credentials.webhookSecret,
      log: () => app.merchant.eventLog(),
      now: () => app.sandbox.clock.now(),
    });
  });

  it('receives and logs the sandbox’s own signed delivery of a completed session', async () => {
    const { clientSecret, sessionId } = await createCheckout(app);
    expect(clientSecret).toMatch(/_secret_/);
    app.sandbox.sessions.complete(sessionId);
    await app.sandbox.drain();
    expect(app.merchant.eventLog()).toContainEqual(expect.objectContaining({ type: 'session.completed' }));
    expect(app.merchant.fulfilments().map((f) => f.sessionId)).toContain(sessionId);
  });
});

async function createCheckout(app: ReferenceApp): Promise<{ sessionId: string; clientSecret: string }> {
  const res = await fetch(`${app.url}/api/checkout/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: 'https://shop.example' },
    body: JSON.stringify({ amount: 4200, currency: 'EUR', returnUrl: 'https://shop.example/checkout/return' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; clientSecret: string };
}
