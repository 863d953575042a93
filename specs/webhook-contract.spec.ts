import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

/**
 * The launch confirmation "Webhook contract": event names, payload fields, signature
 * header and replay behaviour match the reference, and no undocumented payload field is
 * business logic. Not part of the webhooks profile by default; raise it with
 * `require: { webhooks: ['toHonourWebhookContract'] }`.
 */
describe('Webhooks: the integration honours the webhook contract', { tags: ['launch:webhooks'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('acts only on documented fields and event types, and replays without a second fulfilment', async () => {
    // The sandbox's OpenAPI document is the contract here; pass `contract` with your copy of the 0Bit reference.
    await expect(app.webhooks).toHonourWebhookContract({
      sandbox: app.sandbox,
      effects: { fulfilment: () => app.merchant.fulfilmentCount() },
    });
  });
});
