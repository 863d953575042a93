import { describe, expect, it, vi } from 'vitest';
import { createRunRedactor } from '../../src/redaction/redactor.js';
import { redactPredicate } from '../../src/redaction/predicate.js';
import { artifactIntake } from '../../src/evidence/run-redaction.js';
import { SECRET_ARTIFACT_TYPE } from '../../src/redaction/artifact.js';
import { fingerprintsOf } from '../../src/redaction/fingerprint.js';
import { EVIDENCE_ARTIFACT_TYPE } from '../../src/evidence/types.js';
import { launchPredicateSchema } from '../../src/record/schema.js';
import { buildPredicate } from '../report/fixtures.js';
import { leaks } from './forms.js';

const SHOP_KEY = 'sk_live_Q7mXw2Lr9TzK4pVb8NcY3hJd';
const TOKEN = 'tok_9Kd2Lm4Qx7Rv1Zs8Wb3Yc6Pn';

describe('redactPredicate', () => {
  const redactor = createRunRedactor({ env: { SHOP_KEY, SUPPORT_API_TOKEN: TOKEN } });
  const hex = Buffer.from(SHOP_KEY).toString('hex');
  const predicate = buildPredicate({
    tests: [
      {
        area: 'webhooks',
        name: `named ${SHOP_KEY}`,
        state: 'failed',
        failure: `Error: b64=${Buffer.from(SHOP_KEY).toString('base64')} hex=${hex}`,
        waiver: { test: `Webhooks > named ${SHOP_KEY}`, justification: `rotating ${TOKEN}`, approvedBy: 'risk@shop.example', expires: '2999-12-31' },
      },
      { area: 'origins' },
    ],
    compliance: { reference: `ticket ${encodeURIComponent(TOKEN)}`, approvedBy: 'compliance@shop.example' },
    run: {
      suiteErrors: [{ file: 'specs/x.spec.ts', name: `suite ${TOKEN}`, message: `boom ${SHOP_KEY}` }],
      filters: { testNamePattern: SHOP_KEY, files: [], projects: [], tagsFilter: [], only: false },
    },
  });

  it('masks every free-text field in every form and keeps the predicate valid', () => {
    const redacted = redactPredicate(predicate, redactor);
    expect(leaks(JSON.stringify(redacted), [SHOP_KEY, TOKEN])).toEqual([]);
    expect(launchPredicateSchema.parse(redacted)).toEqual(redacted);
    expect(redacted.tests[0]!.fullName).toBe('Webhooks > named sk_live_…3hJd');
    expect(redacted.tests[0]!.failure).toBe('Error: b64=sk_live_…3hJd hex=sk_live_…3hJd');
    expect(redacted.tests[0]!.waiver!.justification).toBe('rotating tok_…c6Pn');
    expect(redacted.run.filters.testNamePattern).toBe('sk_live_…3hJd');
    // Nothing to mask in the second test: it is shared, not copied.
    expect(redacted.tests[1]).toBe(predicate.tests[1]);
    expect(redacted.run.suiteErrors[0]).toEqual({ file: 'specs/x.spec.ts', name: 'suite tok_…c6Pn', message: 'boom sk_live_…3hJd' });
  });

  it('masks evidence shared by many tests in every test that holds it, and in an attribution as an attribution', () => {
    // The reporter shares equal evidence between tests (EvidenceIntake): masking it once must reach every test.
    const shared = buildPredicate({ tests: [{ area: 'webhooks' }] }).tests[0]!.evidence[0]!;
    const leaky = { ...shared, summary: `sent ${SHOP_KEY}` };
    const many = buildPredicate({ tests: Array.from({ length: 50 }, () => ({ area: 'webhooks' as const })) });
    for (const t of many.tests) t.evidence = [leaky, leaky];
    many.waivers.used = [{ testId: 'x', approvedBy: leaky.summary } as never];
    const redacted = redactPredicate(many, redactor);
    expect(leaks(JSON.stringify(redacted), [SHOP_KEY])).toEqual([]);
    expect(redacted.tests.every((t) => t.evidence.every((e) => e.summary === 'sent sk_live_…3hJd'))).toBe(true);
    expect((redacted.waivers.used[0] as { approvedBy: string }).approvedBy).toBe('sent sk_live_…3hJd');
    // Positive control: the same predicate unmasked holds the key in every test.
    expect(JSON.stringify(many).split(SHOP_KEY).length - 1).toBe(101);
  });

  it('keeps who approved a waiver or a compliance review readable: an attribution, not leaked personal data', () => {
    const redacted = redactPredicate(predicate, redactor);
    expect(redacted.tests[0]!.waiver!.approvedBy).toBe('risk@shop.example');
    expect(redacted.compliance!.approvedBy).toBe('compliance@shop.example');
    expect(redactPredicate({ waivers: { used: [{ approvedBy: `risk ${SHOP_KEY}` }] } }, redactor)).toEqual({
      waivers: { used: [{ approvedBy: 'risk sk_live_…3hJd' }] },
    });
  });

  it('leaves identifiers, digests and times byte for byte, even when they look like a secret', () => {
    const tricky = {
      ...predicate,
      run: { ...predicate.run, id: SHOP_KEY, git: { commit: SHOP_KEY, dirty: false } },
      tests: predicate.tests.map((t) => ({ ...t, id: SHOP_KEY })),
    };
    const redacted = redactPredicate(tricky, redactor);
    expect(redacted.run.id).toBe(SHOP_KEY);
    expect(redacted.run.git).toEqual({ commit: SHOP_KEY, dirty: false });
    expect(redacted.tests.map((t) => t.id)).toEqual([SHOP_KEY, SHOP_KEY]);
    expect(redacted.areas).toBe(tricky.areas);
  });

  it('masks evidence prepared as it arrived with a secret registered after it, in another file', () => {
    const opaque = 'opq7Hd92kLmQ0zXc81VbNm3PqRtY';
    const late = createRunRedactor();
    const batches = vi.spyOn(late, 'changed');
    const take = artifactIntake(late);
    const leaky = buildPredicate({ tests: Array.from({ length: 5000 }, () => ({ area: 'webhooks' as const })) });
    leaky.tests[0]!.evidence[0]!.probes[1]!.response!.body = `{"echo":"${Buffer.from(opaque).toString('base64url')}"}`;
    for (const test of leaky.tests) for (const evidence of test.evidence) take({ type: EVIDENCE_ARTIFACT_TYPE, evidence });
    // The evidence was masked, in batches, before the secret was registered.
    expect(batches).toHaveBeenCalled();
    take({ type: SECRET_ARTIFACT_TYPE, fingerprints: fingerprintsOf(opaque) });
    const redacted = redactPredicate(leaky, late);
    expect(redacted.tests[0]!.evidence[0]!.probes[1]!.response!.body).toBe('{"echo":"…qRtY"}');
    expect(redacted.tests[1]).toBe(leaky.tests[1]);
  });

  it('returns the predicate itself when nothing needs masking', () => {
    const clean = buildPredicate({ tests: [{ area: 'origins' }] });
    expect(redactPredicate(clean, redactor)).toBe(clean);
  });
});
