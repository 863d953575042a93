import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxOpenApiPath } from '0bit-launch/sandbox';
import { SHOP_ORIGIN, startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Product: the flow belongs to a product surface enabled for the account', { tags: ['launch:product'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('launches on 0gate, a launchable surface', async () => {
    await expect('0gate').toBeLaunchableSurface();
  });

  it('calls only documented 0Bit endpoints during a full checkout', async () => {
    const res = await fetch(`${app.url}/api/checkout/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: SHOP_ORIGIN },
      body: JSON.stringify({ amount: 4200, currency: 'EUR', returnUrl: 'https://shop.example/checkout/return' }),
    });
    expect(res.status).toBe(201);
    const { sessionId } = (await res.json()) as { sessionId: string };
    app.sandbox.sessions.complete(sessionId);
    await app.sandbox.drain();
    await app.merchant.runMonitors();
    expect(app.sandbox.calls.length).toBeGreaterThanOrEqual(3);
    await expect(app.sandbox.calls).toUseOnlyDocumentedEndpoints(sandboxOpenApiPath);
  });
});
