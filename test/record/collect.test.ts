import { describe, expect, it, vi } from 'vitest';
import { evidenceSchema } from '../../src/evidence/types.js';
import { checkEvidenceArtifact, evidenceDigest, evidenceOf, EvidenceIntake, type CheckedArtifacts, type ReportedTest } from '../../src/record/collect.js';

function reported(artifacts: unknown[]): ReportedTest {
  return {
    id: 't1',
    fullName: 'a test',
    tags: ['launch:webhooks'],
    options: {},
    result: () => ({ state: 'passed' }),
    diagnostic: () => ({ duration: 1 }),
    artifacts: () => artifacts as Array<{ type: string }>,
  };
}

const evidence = (patch: object) => ({
  type: '0bit-launch:evidence',
  evidence: { matcher: 'm', area: 'webhooks', pass: true, summary: 'ok', ...patch },
});

describe('evidenceOf', () => {
  it('keeps already-redacted evidence as recorded', () => {
    const [e] = evidenceOf(reported([evidence({ summary: 'sent sk_live_…9f2c' })]));
    expect(e!.summary).toBe('sent sk_live_…9f2c');
  });

  it('masks secrets and credential headers in evidence that bypassed redaction', () => {
    const canary = 'sk_live_C4N4RYc4n4ryC4N4RY9f2c';
    const [e] = evidenceOf(
      reported([
        evidence({
          summary: `leaked ${canary}`,
          probes: [
            { name: 'p', expected: '2xx', ok: true, durationMs: 1, request: { method: 'GET', path: '/', headers: { 'x-api-key': 'plain-token-value' } } },
          ],
        }),
      ]),
    );
    expect(JSON.stringify(e)).not.toContain(canary);
    expect(JSON.stringify(e)).not.toContain('plain-token-value');
    expect(e!.probes[0]!.request.headers!['x-api-key']).toBe('[redacted]');
  });

  it('drops artifacts of other types and malformed evidence', () => {
    expect(evidenceOf(reported([{ type: 'internal:annotation' }, { type: '0bit-launch:evidence', evidence: { matcher: 1 } }]))).toEqual([]);
  });

  it('takes what was checked on arrival, and checks at the end what was not (a merged blob’s artifacts)', () => {
    const early = evidence({ summary: 'checked as it arrived' });
    const late = evidence({ summary: 'checked at the end' });
    const forged = { type: '0bit-launch:evidence', evidence: { matcher: 1 } };
    const checked: CheckedArtifacts = new WeakMap();
    for (const artifact of [early, forged]) checked.set(artifact, checkEvidenceArtifact(artifact));
    // The arrival check is what counts for an artifact it saw: changing the object afterwards changes nothing.
    early.evidence.summary = 'changed after it arrived';
    const collected = evidenceOf(reported([early, forged, late]), checked);
    expect(collected.map((e) => e.summary)).toEqual(['checked as it arrived', 'checked at the end']);
  });

  it('shares equal evidence between tests and keeps different evidence apart', () => {
    const intake = new EvidenceIntake();
    const [a, b, c, forged] = [
      evidence({ summary: 'same' }),
      evidence({ summary: 'same' }),
      evidence({ summary: 'other' }),
      { type: '0bit-launch:evidence', evidence: {} },
    ];
    for (const artifact of [a, b, c, forged]) intake.take(artifact);
    const [ea, eb, ec] = [a, b, c].map((x) => evidenceOf(reported([x]), intake.checked)[0]!);
    expect(ea).toBe(eb);
    expect(ec).not.toBe(ea);
    expect(ec!.summary).toBe('other');
    expect(evidenceOf(reported([forged]), intake.checked)).toEqual([]);
    // The digest names the content: equal content, equal digest, whether or not the intake saw it.
    expect(evidenceDigest(ea!)).toBe(evidenceDigest(checkEvidenceArtifact(evidence({ summary: 'same' }))!));
    expect(evidenceDigest(ec!)).not.toBe(evidenceDigest(ea!));
  });

  it('parses and masks each distinct recorded content once, and remembers only what passed', () => {
    const intake = new EvidenceIntake();
    const parse = vi.spyOn(evidenceSchema, 'safeParse');
    try {
      const leaked = 'sk_live_C4N4RYc4n4ryC4N4RY9f2c';
      const headers = { authorization: `Bearer ${leaked}` };
      const probe = { name: 'p', expected: '2xx', ok: true, durationMs: 1, request: { method: 'GET', path: '/', headers } };
      const same = [evidence({ probes: [probe] }), evidence({ probes: [probe] }), evidence({ probes: [probe] })];
      for (const artifact of same) intake.take(artifact);
      expect(parse).toHaveBeenCalledTimes(1);
      const [first, ...rest] = same.map((x) => evidenceOf(reported([x]), intake.checked)[0]!);
      for (const e of rest) expect(e).toBe(first);
      // Masked once, and every test that recorded it holds the masked block.
      expect(JSON.stringify(first)).not.toContain(leaked);
      // A refused content is checked again each time it comes, and refused each time.
      const forged = () => ({ type: '0bit-launch:evidence', evidence: { matcher: 'm' } });
      const [f1, f2] = [forged(), forged()];
      intake.take(f1);
      intake.take(f2);
      expect(parse).toHaveBeenCalledTimes(3);
      expect(intake.checked.get(f1)).toBeNull();
      expect(intake.checked.get(f2)).toBeNull();
    } finally {
      parse.mockRestore();
    }
  });

  it('digests masked evidence by what it holds after masking', () => {
    const masked = checkEvidenceArtifact(
      evidence({ probes: [{ name: 'p', expected: '2xx', ok: true, durationMs: 1, request: { method: 'GET', path: '/', headers: { cookie: 'sid=abc' } } }] }),
    )!;
    expect(evidenceDigest(masked)).toBe(evidenceDigest(JSON.parse(JSON.stringify(masked))));
  });
});
