import { describe, expect, it } from 'vitest';

describe('Support', { tags: ['launch:support'] }, () => {
  it('keeps secrets and raw PII out of the runbook', () => {
    expect('ops/runbook.md').toBeRedacted();
  });
  it('routes support through ids and the support address', () => {
    expect('ops/runbook.md').toReferenceSupportPath();
  });
});
