import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Availability: region, KYC/KYB, asset, method and product access enabled', { tags: ['launch:availability'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('enables everything the checkout flow shows, per the capability response of the environment under test', async () => {
    const res = await fetch(`${app.sandbox.baseUrl}/v1/capabilities`, {
      headers: { authorization: `Bearer ${app.sandbox.credentials.secretKey}` },
    });
    // Passing the Response itself lets the evidence record where and when it was fetched.
    await expect(res).toEnable({
      environment: 'sandbox',
      product: '0gate',
      region: ['EU', 'UK'],
      asset: ['USDC', 'EURC'],
      method: ['card', 'bank_transfer'],
      verification: ['kyc', 'kyb'],
    });
  });
});
