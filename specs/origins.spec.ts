import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURN_URL, SHOP_ORIGIN, startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Origins: production origins and return URLs are explicitly allowed', { tags: ['launch:origins'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('keeps an explicit, https-only origin allowlist fit for live', () => {
    expect([SHOP_ORIGIN]).toBeExplicitOriginAllowlist({ environment: 'live' });
  });

  it('admits the shop origin through CORS and no look-alike', async () => {
    await expect(app.url).toAllowOrigin(SHOP_ORIGIN, { path: '/api/checkout/sessions', method: 'POST' });
  });

  it('accepts the shop return URL and refuses open-redirect variants', async () => {
    await expect(app.url).toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/return-url' });
    await expect(app.url).not.toAcceptReturnUrl('https://evil.example/checkout/return', { path: '/api/checkout/return-url' });
  });
});
