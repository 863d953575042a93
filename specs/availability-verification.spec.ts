import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Availability: hosted KYC/KYB verification outcomes are handled', { tags: ['launch:availability'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('records every KYC and KYB outcome and lets only verified customers through', async () => {
    let customers = 0;
    await expect({
      sandbox: app.sandbox,
      // As the shop's front end would: start a hosted verification for a new customer.
      async start(type: 'individual' | 'business') {
        const res = await fetch(`${app.url}/api/verifications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customerId: `cus_spec_${++customers}`, type }),
        });
        expect(res.status).toBe(201);
        return ((await res.json()) as { verificationId: string }).verificationId;
      },
      // What the shop recorded, from the verified webhooks the sandbox delivered.
      async state(id: string) {
        return (await (await fetch(`${app.url}/api/verifications/${id}`)).json()) as { status: string; verified: boolean };
      },
    }).toHandleVerificationOutcomes();
  });
});
