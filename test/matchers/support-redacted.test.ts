import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runbookPath } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOfSync as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/support';

describe('toBeRedacted', { tags: ['launch:support'] }, () => {
  it('passes on the reference merchant’s runbook (a file path) and on a redacted ticket', async ({ task }) => {
    expect(runbookPath).toBeRedacted();
    expect(`${fixtures}/clean-ticket.txt`).toBeRedacted();
    await flushEvidence();
    expect(recordedEvidence(task)[0]).toMatchObject({ pass: true, details: { file: 'examples/merchant/ops/runbook.md' } });
  });

  it('fails on a runbook with a customer email and a Luhn-valid card number, masked, at file:line:column', async ({ task }) => {
    const message = failure(() => expect(`${fixtures}/runbook-customer-pii.md`).toBeRedacted());
    expect(message).toContain('holds 0 secret(s) and 2 raw PII value(s)');
    expect(message).toContain('test/fixtures/support/runbook-customer-pii.md:9:10  email ….com');
    expect(message).toContain('test/fixtures/support/runbook-customer-pii.md:10:10  card number …6467');
    expect(message).not.toContain('jane.doe');
    expect(message).not.toContain('4539 1488 0343 6467');
    await flushEvidence();
    const artifacts = JSON.stringify(task.artifacts);
    expect(artifacts).not.toContain('jane.doe@gmail.com');
    expect(artifacts).not.toContain('4539 1488');
  });

  it('fails on secrets, client secrets and raw payload dumps in text', () => {
    const dump = Buffer.from(JSON.stringify({ type: 'session.completed', data: { customer: { email: 'jane.doe@gmail.com' } } })).toString('base64');
    expect(failure(() => expect(`payload: ${dump}`).toBeRedacted())).toMatch(/text:1:10 {2}email ….com \(base64-encoded\)/);
    expect(failure(() => expect('{"clientSecret":"ses_Q2w3E4r5T6y7U8i9O0pAsDfG_secret_Zx1Cv2Bn3Mq4Wr5Ty6Ui7Op8"}').toBeRedacted())).toContain(
      'client secret ses_…7Op8',
    );
    expect(failure(() => expect('Authorization: Bearer tok_8f3kQ2mZ9xWvR4tY7uI1oP5a').toBeRedacted())).toContain('bearer token');
    expect(failure(() => expect('IBAN GB82WEST12345698765432').toBeRedacted())).toContain('iban GB…5432');
  });

  it('treats 0Bit’s and documentation addresses as non-personal; allow adds your own', () => {
    expect('write to support@0bit.io or ops@shop.example').toBeRedacted();
    expect(failure(() => expect('write to help@myshop.com').toBeRedacted())).toContain('email');
    expect('write to help@myshop.com').toBeRedacted({ allow: ['help@myshop.com'] });
    expect('call +44 20 7946 0958').toBeRedacted({ allow: [/^\+44 20 7946/] });
  });

  it('refuses a path that names no file, which checked as text would pass (issue 10 rule 7)', () => {
    const typo = 'examples/merchant/ops/runbok.md';
    expect({ text: typo }).toBeRedacted(); // as text it holds nothing: the typo would have passed
    for (const path of [typo, 'runbok.md', './ops/runbook.md', 'ops/run book.md', 'C:\\ops\\runbook.md']) {
      let error: unknown;
      try {
        expect(path).toBeRedacted();
      } catch (e) {
        error = e;
      }
      expect(isLaunchError(error, 'MATCHER_MISUSE'), path).toBe(true);
      expect((error as Error).message).toContain('looks like a path but names no file');
    }
  });

  it('reads a file named by a path or a file: URL, refuses a directory, and checks one-line prose as text', () => {
    expect(pathToFileURL(runbookPath)).toBeRedacted();
    expect(() => expect('examples/merchant/ops').toBeRedacted()).toThrow(/is a directory/);
    expect('Escalate ses_123 and evt_456 to support@0bit.io, never by email address.').toBeRedacted();
    expect(failure(() => expect({ text: 'jane.doe@gmail.com' }).toBeRedacted())).toContain('email ….com');
  });

  it('throws SCAN_UNREADABLE for a file it cannot read and SCAN_TOO_LARGE for one over 16 MiB, not misuse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redacted-input-'));
    try {
      symlinkSync('loop.md', join(dir, 'loop.md'));
      const huge = join(dir, 'huge.md');
      writeFileSync(huge, '');
      truncateSync(huge, 16 * 1024 * 1024 + 1);
      expect(() => expect(join(dir, 'loop.md')).toBeRedacted()).toThrow(expect.objectContaining({ code: 'SCAN_UNREADABLE' }));
      expect(() => expect(huge).toBeRedacted()).toThrow(expect.objectContaining({ code: 'SCAN_TOO_LARGE' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a received value that is neither text nor a file', () => {
    let error: unknown;
    try {
      expect(42).toBeRedacted();
    } catch (e) {
      error = e;
    }
    expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
  });
});
