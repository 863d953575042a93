import { describe, expect, it } from 'vitest';
import { runbookPath } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOfSync as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/support';

describe('toReferenceSupportPath', { tags: ['launch:support'] }, () => {
  it('passes on the reference merchant’s runbook, recording each check', async ({ task }) => {
    expect(runbookPath).toReferenceSupportPath();
    await flushEvidence();
    expect(recordedEvidence(task)[0]?.checks.map((c) => [c.name, c.ok])).toEqual([
      ['names support@0bit.io', true],
      ['identifies checkouts by session id (ses_…)', true],
      ['identifies deliveries by event id (evt_…)', true],
      ['does not identify cases by customer data', true],
    ]);
  });

  it('negates: .not passes on a runbook without the support path, and fails on the reference runbook', () => {
    expect(`${fixtures}/runbook-by-customer-email.md`).not.toReferenceSupportPath();
    const message = failure(() => expect(runbookPath).not.toReferenceSupportPath());
    expect(message).toContain('.not.toReferenceSupportPath');
  });

  it('fails on a runbook that identifies cases by the customer’s email and names no ids', () => {
    const message = failure(() => expect(`${fixtures}/runbook-by-customer-email.md`).toReferenceSupportPath());
    expect(message).toContain('✗ identifies checkouts by session id (ses_…)');
    expect(message).toContain('✗ does not identify cases by customer data (test/fixtures/support/runbook-by-customer-email.md:5)');
    expect(message).toContain('✓ names support@0bit.io');
  });

  it('fails on a runbook holding raw PII, and on text without the support address', () => {
    expect(failure(() => expect(`${fixtures}/runbook-customer-pii.md`).toReferenceSupportPath())).toMatch(/runbook-customer-pii\.md:9:10 email ….com/);
    expect(failure(() => expect('Quote the session id ses_… and event id evt_… to your account manager.').toReferenceSupportPath())).toContain(
      '✗ names support@0bit.io',
    );
  });

  it('refuses a path that names no file instead of reading it as a runbook text', () => {
    expect(() => expect('examples/merchant/ops/runbok.md').toReferenceSupportPath()).toThrow(/MATCHER_MISUSE|looks like a path but names no file/);
    let error: unknown;
    try {
      expect('ops/runbok.md').toReferenceSupportPath();
    } catch (e) {
      error = e;
    }
    expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
  });

  it('reads negated instructions as the rule they are', () => {
    expect(
      'Never ask a customer for their card number; identify cases by session id (ses_…) and event id (evt_…); escalate to support@0bit.io.',
    ).toReferenceSupportPath();
  });
});
