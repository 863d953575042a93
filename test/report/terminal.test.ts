import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/report/terminal.js';
import { evidencePredicate, readyPredicate } from './fixtures.js';

const summary = (predicate = evidencePredicate()) =>
  renderSummary({ predicate, keyid: 'k'.repeat(64), payloadDigest: 'sha256:d', written: ['launch-evidence/launch-record.json'], color: false });

describe('the launch-gate summary in the terminal', () => {
  it('says per area how much of its evidence profile was proved and how many tests proved nothing', () => {
    const text = summary();
    expect(text).toMatch(/^ {3}Webhooks +FAILED +\d+\/\d+ passed.*evidence 1\/2\b/m);
    expect(text).toMatch(/^ {3}Idempotency +INCOMPLETE .*evidence 0\/2 {2}\(1 passed without evidence\)$/m);
  });

  it('points each missing item at the docs that show how to write it, and names flaky tests', () => {
    const text = summary();
    expect(text).toContain('no passing test proves a passing toLogWebhookEvents (see docs/webhooks.md#what-counts-as-evidence)');
    expect(text).toContain('1 test(s) passed only after a retry (flaky); their earlier tries do not count');
  });

  it('stays quiet about evidence when everything is proved', () => {
    const text = summary(readyPredicate());
    expect(text).toMatch(/READY/);
    expect(text).not.toMatch(/without evidence|see docs|flaky/);
  });
});
