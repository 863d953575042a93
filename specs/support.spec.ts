import { describe, expect, it } from 'vitest';
import { runbookPath } from '../examples/merchant/app.js';

describe('Support: the runbook uses ids and redacted artefacts, not secrets or raw PII', { tags: ['launch:support'] }, () => {
  it('holds no secrets and no raw PII', () => {
    expect(runbookPath).toBeRedacted();
  });

  it('names the 0Bit support path and identifies cases by session and event ids', () => {
    expect(runbookPath).toReferenceSupportPath();
  });
});
