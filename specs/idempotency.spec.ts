import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_ORIGIN, startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Idempotency: write retries and event retries are duplicate-safe', { tags: ['launch:idempotency'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('creates one checkout session per Idempotency-Key, however often and however concurrently retried', async () => {
    await expect({
      target: app.url,
      method: 'POST',
      path: '/api/checkout/sessions',
      headers: { origin: SHOP_ORIGIN },
      body: { amount: 4200, currency: 'EUR' },
    }).toBeIdempotent({ effects: () => app.merchant.checkoutCount(), times: 5, concurrency: 10 });
  });

  it('fulfils a redelivered, concurrent or out-of-order event once', async () => {
    await expect(app.webhooks).toBeDuplicateSafe({
      secret: app.sandbox.credentials.webhookSecret,
      effects: () => app.merchant.fulfilmentCount(),
      deliveries: 5,
      concurrency: 10,
      now: () => app.sandbox.clock.now(),
    });
  });
});

describe('Idempotency: the ledger reconciles with 0Bit', { tags: ['launch:idempotency'] }, () => {
  // Its own app: the probes above fulfil synthetic sessions the sandbox never completed.
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('holds exactly one fulfilment per completed session, even after retried deliveries', async () => {
    for (let i = 0; i < 3; i++) {
      const session = app.sandbox.sessions.create({ amount: 1000 + i, currency: 'EUR' });
      app.sandbox.sessions.complete(session.id);
    }
    await app.sandbox.drain();
    // 0Bit retries: every completion is delivered again, twice at once.
    for (const event of app.sandbox.events.filter((e) => e.type === 'session.completed')) {
      await app.sandbox.deliver(event, { times: 2, concurrent: true });
    }
    await expect(() => app.merchant.fulfilments()).toReconcileWith(app.sandbox);
  });
});
