import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_PUBLISHABLE_KEY, clientDir } from '../examples/merchant/app.js';
import { SHOP_ORIGIN, startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Browser: only the publishable key and a session-scoped client secret reach the client', { tags: ['launch:browser'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('ships no credential but the sandbox publishable key', async () => {
    await expect({ clientDir, pages: [`${app.url}/`] }).toExposeOnlyBrowserSafeValues({ publishableKey: CLIENT_PUBLISHABLE_KEY });
  });

  it('hands the browser a client secret that only opens its own session, and only until it expires', async () => {
    const res = await fetch(`${app.url}/api/checkout/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: SHOP_ORIGIN },
      body: JSON.stringify({ amount: 1500, currency: 'EUR' }),
    });
    expect(res.status).toBe(201);
    const { sessionId, clientSecret, publishableKey } = (await res.json()) as { sessionId: string; clientSecret: string; publishableKey: string };
    expect(publishableKey).toBe(CLIENT_PUBLISHABLE_KEY);
    await expect(clientSecret).toBeSessionScoped({ sandbox: app.sandbox, sessionId });
  });
});
