import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { RETURN_URL, referenceApp } from '../fixtures/client/reference.js';
import { startsWithReturnUrl } from '../fixtures/origins/startswith-return-url.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

describe('toAcceptReturnUrl', { tags: ['launch:origins'] }, () => {
  it('passes on the reference merchant: the shop return URL accepted, every open-redirect variant refused', async ({ task }) => {
    await using ref = await referenceApp();
    await expect(ref.merchant.app).toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/return-url' });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.probes[0]).toMatchObject({ name: RETURN_URL, ok: true, response: { status: 200 } });
    expect(evidence?.probes.slice(1).map((p) => p.response?.status)).toEqual(Array(11).fill(422));
    expect(evidence?.probes.map((p) => p.name)).toEqual(
      expect.arrayContaining(['userinfo: https://shop.example@evil.com/checkout/return', 'scheme-relative: //evil.com/checkout/return', 'backslash scheme-relative: /\\evil.com/checkout/return']),
    );
  });

  it('drives the checkout route with extra body fields and a fresh Idempotency-Key per request', async ({ task }) => {
    await using ref = await referenceApp();
    await expect(endpoint(ref.merchant.app, '/api/checkout/sessions')).toAcceptReturnUrl(RETURN_URL, {
      body: { amount: 1500, currency: 'EUR' },
      headers: { 'Idempotency-Key': 'reused-key' },
    });
    const probes = recordedEvidence(task)[0]!.probes;
    expect(probes[0]?.response?.status).toBe(201);
    const keys = probes.map((p) => p.request.headers?.['idempotency-key']);
    expect(new Set(keys).size).toBe(probes.length);
    expect(keys).not.toContain('reused-key');
  });

  it('asserts refusal of one URL with .not', async () => {
    await using ref = await referenceApp();
    await expect(ref.merchant.app).not.toAcceptReturnUrl('https://evil.example/checkout/return', { path: '/api/checkout/return-url' });
    expect(await failure(expect(ref.merchant.app).not.toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/return-url' }))).toContain(`did not refuse ${RETURN_URL}: HTTP 200`);
  });

  it('fails on a return URL checked with startsWith, listing the variants it let through', async () => {
    const message = await failure(expect(startsWithReturnUrl).toAcceptReturnUrl(RETURN_URL, { path: '/return-url' }));
    expect(message).toContain('but also 4 of 11 open-redirect variant(s)');
    expect(message).toContain('allowed host as prefix "https://shop.example.evil.com/checkout/return" was not refused: HTTP 200');
    expect(message).toContain('userinfo "https://shop.example@evil.com/checkout/return" was not refused: HTTP 200');
    expect(message).toContain('encoded userinfo');
    expect(message).toContain('tab inside the host');
  });

  it('refuses misuse', async () => {
    await using ref = await referenceApp();
    for (const bad of [expect(ref.merchant.app).toAcceptReturnUrl(RETURN_URL), expect(ref.merchant.app).toAcceptReturnUrl(RETURN_URL, { path: 'no-slash' })]) {
      expect(isLaunchError(await bad.catch((e: unknown) => e), 'MATCHER_MISUSE')).toBe(true);
    }
  });
});
