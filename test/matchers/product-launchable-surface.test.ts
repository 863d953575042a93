import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { failureOfSync as failure } from '../support/failure.js';

/** The reference merchant launches on 0gate (vitest.config.ts / launchPlugin's productSurface). */
const REFERENCE_SURFACE = '0gate';
const reviewOnly = JSON.parse(readFileSync('test/fixtures/product/review-only-surface.json', 'utf8')) as { productSurface: string };
const approval = { reference: 'CMP-2291', approvedBy: 'compliance@0bit.example' };

describe('toBeLaunchableSurface', () => {
  it('passes on the reference merchant’s surface and on both launchable surfaces', async () => {
    expect(REFERENCE_SURFACE).toBeLaunchableSurface();
    expect('0pools_approved').toBeLaunchableSurface({ complianceApproved: false });
  });

  it('fails on the one-bug fixture: a review-only surface without a recorded approval', async () => {
    const message = failure(() => expect(reviewOnly.productSurface).toBeLaunchableSurface());
    expect(message).toContain('0link_review is review-only and has no recorded compliance approval');
    expect(message).toContain('pass { complianceApproved: { reference, approvedBy } }');
    expect(() => expect('0base_review').toBeLaunchableSurface({ complianceApproved: false })).toThrow(/review-only/);
  });

  it('passes a review-only surface with a recorded approval (reference and approver)', async () => {
    expect(reviewOnly.productSurface).toBeLaunchableSurface({ complianceApproved: approval });
    expect('0base_review').toBeLaunchableSurface({ complianceApproved: approval });
  });

  it('fails any other surface, even with an approval', async () => {
    const message = failure(() => expect('0gate_beta').toBeLaunchableSurface({ complianceApproved: approval }));
    expect(message).toContain('0gate_beta is not a known product surface');
    expect(message).toContain('launchable: 0gate, 0pools_approved; review-only (with approval): 0base_review, 0link_review');
  });

  it('works under .not', async () => {
    expect('0link_review').not.toBeLaunchableSurface();
    expect(() => expect('0gate').not.toBeLaunchableSurface()).toThrow(/0gate is a launchable product surface/);
  });

  it('refuses a non-string surface and an approval missing its approver', async () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isLaunchError(error) ? error.code : 'other';
      }
      return 'passed';
    };
    expect(code(() => expect(42).toBeLaunchableSurface())).toBe('MATCHER_MISUSE');
    expect(code(() => expect('0link_review').toBeLaunchableSurface({ complianceApproved: { reference: 'CMP-1' } as never }))).toBe('MATCHER_MISUSE');
    expect(code(() => expect('0link_review').toBeLaunchableSurface({ complianceApproved: true as never }))).toBe('MATCHER_MISUSE');
  });
});
