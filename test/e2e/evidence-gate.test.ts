import { describe, expect, it } from 'vitest';
import { predicateOf, runGate } from './run-gate.js';

interface Reason {
  code: string;
  area?: string;
  matcher?: string;
  docs?: string;
  message: string;
}

/**
 * Issue 10's one-bug runs: each proved less than a green run claims, and each must be
 * NOT READY with its own reason code, and exit non-zero.
 */
describe('the gate is evidence-backed on a real Vitest run', () => {
  it.each([
    ['a green test that calls no launch matcher', { FIXTURE_BARE: 'webhooks' }, 'EVIDENCE_MISSING', 'webhooks'],
    ['a launch matcher failure caught and dropped', { FIXTURE_SWALLOW: 'product' }, 'EVIDENCE_CONTRADICTED', 'product'],
    ['a launch matcher failure inverted by test.fails', { FIXTURE_INVERT: 'product' }, 'EVIDENCE_CONTRADICTED', 'product'],
    ['the launch matcher under .not', { FIXTURE_NEGATE: 'product' }, 'EVIDENCE_MISSING', 'product'],
    ['a review-only surface without approval', { FIXTURE_SURFACE: '0base_review' }, 'SURFACE_NOT_APPROVED', 'product'],
    ['an unknown surface', { FIXTURE_SURFACE: 'checkout-v2' }, 'SURFACE_UNKNOWN', 'product'],
    ['no surface at all', { FIXTURE_SURFACE: '' }, 'SURFACE_UNSET', 'product'],
  ] as const)('is NOT READY with %s', async (_name, env, code, area) => {
    const run = await runGate({ env });
    const p = predicateOf(run.envelope);
    expect(p.ready).toBe(false);
    const reason = (p.notReadyReasons as Reason[]).find((r) => r.code === code);
    expect(reason, JSON.stringify(p.notReadyReasons)).toBeDefined();
    expect(reason!.area).toBe(area);
    expect(p.areas.find((a: { id: string }) => a.id === area).status).not.toBe('passed');
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/NOT READY/);
  });

  it.each([
    ['a return-URL route that refuses everything (no positive control)', 'return-url-400', 'origins', /refused the allowed URL/],
    ['a client file the scan could not read', 'unscannable', 'credentials', /the scan is incomplete/],
    ['a runbook path with a typo', 'path-typo', 'support', /MATCHER_MISUSE|names no file/],
    ['the global expect inside test.concurrent', 'concurrent', 'product', /use the test context's expect/],
  ] as const)('fails the area, NOT READY, with %s', async (_name, bug, area, failure) => {
    const run = await runGate({ env: { FIXTURE_BUG: bug } });
    const p = predicateOf(run.envelope);
    expect(p.ready).toBe(false);
    expect(p.areas.find((a: { id: string }) => a.id === area).status).toBe('failed');
    expect((p.notReadyReasons as Reason[]).find((r) => r.code === 'AREA_FAILED' && r.area === area)).toBeDefined();
    expect(
      p.tests
        .filter((t: { area: string; state: string }) => t.area === area && t.state === 'failed')
        .map((t: { failure: string }) => t.failure)
        .join('\n'),
    ).toMatch(failure);
    expect(run.exitCode).toBe(1);
  });

  it('names the missing matcher and its docs, and lists the green test as unsupported', async () => {
    const p = predicateOf((await runGate({ env: { FIXTURE_BARE: 'support' } })).envelope);
    const reasons = (p.notReadyReasons as Reason[]).filter((r) => r.code === 'EVIDENCE_MISSING');
    expect(reasons.map((r) => r.matcher)).toEqual(['toBeRedacted', 'toReferenceSupportPath']);
    expect(reasons[0]!.docs).toBe('docs/support.md#what-counts-as-evidence');
    const support = p.areas.find((a: { id: string }) => a.id === 'support');
    expect(support.status).toBe('incomplete');
    expect(support.unsupported).toHaveLength(2);
    expect(p.tests.filter((t: { area: string }) => t.area === 'support').map((t: { support: string }) => t.support)).toEqual(['unsupported', 'unsupported']);
  });

  it('names the test whose matcher failure was swallowed', async () => {
    const p = predicateOf((await runGate({ env: { FIXTURE_SWALLOW: 'product' } })).envelope);
    const product = p.areas.find((a: { id: string }) => a.id === 'product');
    expect(product.status).toBe('failed');
    expect(product.contradictions).toEqual([
      expect.objectContaining({ fullName: 'product > swallows a failing matcher', matcher: 'toBeLaunchableSurface', how: 'swallowed' }),
    ]);
  });

  it('stops before any test for a ZEROBIT_ENV that is neither sandbox nor live', async () => {
    const error = await runGate({ env: { ZEROBIT_ENV: 'production' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: 'ZEROBIT_ENV must be "sandbox" or "live", got "production"' });
    expect((error as Error).stack).toBe('LaunchError [CONFIG_INVALID]: ZEROBIT_ENV must be "sandbox" or "live", got "production"');
  });

  it('marks every area of the correct reference integration as supported, each profile item by a named test', async () => {
    const p = predicateOf((await runGate()).envelope);
    expect(p.ready).toBe(true);
    for (const area of p.areas) {
      expect(area.profile.length, area.id).toBeGreaterThan(0);
      for (const item of area.profile) expect(item, `${area.id} ${item.item}`).toMatchObject({ status: 'supported', tests: [expect.any(String)] });
    }
    // The "also holds" tests call no matcher: listed, not counted.
    expect(p.areas.every((a: { unsupported: string[] }) => a.unsupported.length === 1)).toBe(true);
  });
});
