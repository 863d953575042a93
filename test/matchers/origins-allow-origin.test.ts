import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { SHOP, referenceApp } from '../fixtures/client/reference.js';
import { corsAfterRouter } from '../fixtures/origins/cors-after-router.js';
import { reflectAnyOrigin } from '../fixtures/origins/reflect-any-origin.js';
import { suffixMatchOrigin } from '../fixtures/origins/suffix-match-origin.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

const route = { path: '/api/checkout/sessions', method: 'POST' };

describe('toAllowOrigin', { tags: ['launch:origins'] }, () => {
  it('passes on the reference merchant: the shop origin is echoed exactly and every look-alike refused', async ({ task }) => {
    await using ref = await referenceApp();
    await expect(ref.merchant.app).toAllowOrigin(SHOP, route);
    const [evidence] = recordedEvidence(task);
    expect(evidence?.pass).toBe(true);
    expect(evidence?.checks.map((c) => c.name)).toEqual([
      `admits ${SHOP} exactly`,
      'refuses random origin',
      'refuses allowed host as prefix',
      'refuses allowed host as suffix',
      'refuses sibling under the same parent domain',
      'refuses plain http',
      'refuses null origin',
      `still admits ${SHOP} after the look-alikes`,
    ]);
    expect(evidence?.checks.every((c) => c.ok)).toBe(true);
    expect(evidence?.probes).toHaveLength(16);
    expect(evidence?.details).toMatchObject({ positiveControl: { before: true, after: true, passed: true } });
  });

  it('asserts refusal of one origin with .not, and takes an endpoint as the target', async () => {
    await using ref = await referenceApp();
    await expect(endpoint(ref.merchant.app, '/api/checkout/sessions')).not.toAllowOrigin('https://evil.com', { method: 'POST' });
    const message = await failure(expect(ref.merchant.app).not.toAllowOrigin(SHOP, route));
    expect(message).toContain(`POST /api/checkout/sessions echoes ${SHOP} exactly`);
  });

  it('fails on CORS that reflects any origin, in both polarities', async () => {
    const message = await failure(expect(reflectAnyOrigin).toAllowOrigin(SHOP, route));
    expect(message).toContain('also 6 origin(s) it must refuse');
    expect(message).toMatch(/admits random origin https:\/\/launch-probe-[0-9a-f]{8}\.com/);
    expect(message).toContain('admits null origin null: answers null');
    expect(await failure(expect(reflectAnyOrigin).not.toAllowOrigin('https://evil.com', route))).toContain('echoes https://evil.com exactly');
  });

  it('fails on CORS that allows *.example by suffix match', async () => {
    const message = await failure(expect(suffixMatchOrigin).toAllowOrigin(SHOP, route));
    expect(message).toContain('admits allowed host as suffix https://evilshop.example');
    expect(message).toMatch(/admits sibling under the same parent domain https:\/\/evil-[0-9a-f]{8}\.example/);
    expect(message).not.toContain('admits random origin');
  });

  it('fails when CORS never admits the listed origin: its refusals of look-alikes prove nothing', async ({ task }) => {
    const message = await failure(expect(corsAfterRouter()).toAllowOrigin(SHOP, route));
    expect(message).toContain(`POST /api/checkout/sessions does not admit ${SHOP} exactly, so its refusals of 6 look-alike origins prove nothing`);
    expect(message).toContain('actual request: no Access-Control-Allow-Origin (HTTP 201)');
    const [evidence] = recordedEvidence(task);
    const lookAlikes = evidence!.checks.filter((c) => c.name.startsWith('refuses '));
    expect(lookAlikes).toHaveLength(6);
    expect(lookAlikes.every((c) => !c.ok && c.detail!.endsWith('(not counted: the listed origin was not admitted both times)'))).toBe(true);
  });

  it('fails when the origin is not admitted, and refuses misuse', async () => {
    await using ref = await referenceApp();
    expect(await failure(expect(ref.merchant.app).toAllowOrigin('https://other.example', route))).toContain(
      'preflight: no Access-Control-Allow-Origin (HTTP 204)',
    );
    for (const bad of [expect(ref.merchant.app).toAllowOrigin('shop.example'), expect('not a url').toAllowOrigin(SHOP)]) {
      expect(isLaunchError(await bad.catch((e: unknown) => e), 'MATCHER_MISUSE')).toBe(true);
    }
  });
});
