import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { RETURN_URL, referenceApp } from '../fixtures/client/reference.js';
import { checkoutStartsWithReturnUrl } from '../fixtures/origins/checkout-startswith-return-url.js';
import { rateLimitedReturnUrl } from '../fixtures/origins/rate-limited-return-url.js';
import { startsWithReturnUrl } from '../fixtures/origins/startswith-return-url.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

describe('toAcceptReturnUrl', { tags: ['launch:origins'] }, () => {
  it('passes on the reference merchant: the shop return URL accepted, every open-redirect variant refused', async ({ task }) => {
    await using ref = await referenceApp();
    await expect(ref.merchant.app).toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/return-url' });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.probes[0]).toMatchObject({ name: RETURN_URL, expected: '2xx (positive control)', ok: true, response: { status: 200 } });
    expect(evidence?.probes.slice(1, -1).map((p) => p.response?.status)).toEqual(Array(11).fill(422));
    expect(evidence?.probes.at(-1)).toMatchObject({ name: `${RETURN_URL} (again, after the variants)`, ok: true, response: { status: 200 } });
    expect(evidence?.checks.slice(0, 2)).toEqual([
      { name: 'positive control: accepts the allowed URL before the variants', ok: true, detail: 'HTTP 200' },
      { name: 'positive control: still accepts it after them', ok: true, detail: 'HTTP 200' },
    ]);
    expect(evidence?.details).toMatchObject({ positiveControl: { before: 'HTTP 200', after: 'HTTP 200', passed: true } });
    expect(evidence?.probes.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'userinfo: https://shop.example@evil.com/checkout/return',
        'scheme-relative: //evil.com/checkout/return',
        'backslash scheme-relative: /\\evil.com/checkout/return',
      ]),
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
    expect(await failure(expect(ref.merchant.app).not.toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/return-url' }))).toContain(
      `did not refuse ${RETURN_URL}: HTTP 200`,
    );
  });

  it('fails on a return URL checked with startsWith, listing the variants it let through', async () => {
    const message = await failure(expect(startsWithReturnUrl).toAcceptReturnUrl(RETURN_URL, { path: '/return-url' }));
    expect(message).toContain('but also 4 of 11 open-redirect variant(s)');
    expect(message).toContain('allowed host as prefix "https://shop.example.evil.com/checkout/return" was not refused: HTTP 200');
    expect(message).toContain('userinfo "https://shop.example@evil.com/checkout/return" was not refused: HTTP 200');
    expect(message).toContain('encoded userinfo');
    expect(message).toContain('tab inside the host');
  });

  it('fails when the route refuses the allowed URL too (a missing body field): its refusals prove nothing', async ({ task }) => {
    const message = await failure(expect(checkoutStartsWithReturnUrl).toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/sessions' }));
    expect(message).toContain(
      `POST /api/checkout/sessions refused the allowed URL ${RETURN_URL} (HTTP 400), so its refusals of 11 open-redirect variants prove nothing`,
    );
    expect(message).toContain('the route answered HTTP 400 {"error":"amount and currency are required"}: send what it needs besides the URL with options.body');
    const [evidence] = recordedEvidence(task);
    expect(evidence?.pass).toBe(false);
    expect(evidence?.checks[0]).toEqual({ name: 'positive control: accepts the allowed URL before the variants', ok: false, detail: 'HTTP 400' });
    // Every variant was refused, and not one refusal is counted.
    const variants = evidence!.checks.filter((c) => c.name.startsWith('refuses '));
    expect(variants).toHaveLength(11);
    expect(variants.every((c) => !c.ok && c.detail!.endsWith('HTTP 400 (not counted: the allowed URL was not accepted both times)'))).toBe(true);

    // Wired with the fields it needs, the same route shows its open redirect.
    const wired = await failure(
      expect(checkoutStartsWithReturnUrl).toAcceptReturnUrl(RETURN_URL, { path: '/api/checkout/sessions', body: { amount: 4200, currency: 'EUR' } }),
    );
    expect(wired).toContain('but also 4 of 11 open-redirect variant(s)');
  });

  it('fails when the route stops accepting the allowed URL during the battery (a rate limit)', async () => {
    const message = await failure(expect(rateLimitedReturnUrl()).toAcceptReturnUrl(RETURN_URL, { path: '/return-url' }));
    expect(message).toContain(
      `POST /return-url accepted ${RETURN_URL} at first but not after the 11 open-redirect variants (HTTP 429), so their refusals prove nothing`,
    );
    expect(message).toContain('a rate limit or state kept by the route refuses everything');
  });

  it('refuses misuse', async () => {
    await using ref = await referenceApp();
    const relative = await expect(ref.merchant.app)
      .toAcceptReturnUrl('/checkout/return', { path: '/api/checkout/return-url' })
      .catch((e: unknown) => e);
    expect(isLaunchError(relative, 'MATCHER_MISUSE')).toBe(true);
    expect((relative as Error).message).toMatch(/expected an absolute return URL/);
    for (const bad of [expect(ref.merchant.app).toAcceptReturnUrl(RETURN_URL), expect(ref.merchant.app).toAcceptReturnUrl(RETURN_URL, { path: 'no-slash' })]) {
      expect(isLaunchError(await bad.catch((e: unknown) => e), 'MATCHER_MISUSE')).toBe(true);
    }
  });
});
