import { describe, expect, it } from 'vitest';
import { AREA_IDS, type AreaId } from '../../src/areas.js';
import { areaStatus, decideVerdict, type VerdictInput } from '../../src/record/verdict.js';
import type { NotReadyCode, Waiver } from '../../src/record/schema.js';

const waiver: Waiver = { test: 'x', justification: 'vendor fix pending', approvedBy: 'cto@shop.example', expires: '2999-01-01' };

function test(area: AreaId, state: 'passed' | 'failed' | 'skipped' | 'todo' = 'passed', waived = false, id = `${area}-${state}`) {
  return { id, fullName: `${area} ${state}`, area, state, waiver: waived ? waiver : undefined };
}

function baseline(): VerdictInput {
  return {
    environment: 'sandbox',
    productSurface: '0gate',
    tests: AREA_IDS.map((a) => test(a)),
    run: {
      reason: 'passed',
      unhandledErrors: 0,
      suiteErrors: [],
      filters: { testNamePattern: null, files: [], tagsFilter: [], only: false },
      shards: { shard: null, merged: 0, complete: true },
      signer: { kind: 'ephemeral', keyid: 'k' },
    },
    sandboxRecord: null,
    complianceApproved: false,
  };
}

function withTests(...extra: ReturnType<typeof test>[]): VerdictInput {
  const input = baseline();
  return { ...input, tests: [...input.tests, ...extra] };
}

function withRun(patch: Partial<VerdictInput['run']>): VerdictInput {
  const input = baseline();
  return { ...input, run: { ...input.run, ...patch } };
}

const filters = baseline().run.filters;

describe('area status precedence', () => {
  it.each([
    ['no test', [], 'incomplete'],
    ['all passed', [test('webhooks')], 'passed'],
    ['one failed', [test('webhooks'), test('webhooks', 'failed')], 'failed'],
    ['failed beats skipped', [test('webhooks', 'skipped'), test('webhooks', 'failed')], 'failed'],
    ['skipped', [test('webhooks'), test('webhooks', 'skipped')], 'incomplete'],
    ['todo', [test('webhooks', 'todo')], 'incomplete'],
    ['waived failure next to a pass is still waived', [test('webhooks'), test('webhooks', 'failed', true)], 'waived'],
    ['waived skip', [test('webhooks', 'skipped', true)], 'waived'],
    ['unwaived skip beats waived failure', [test('webhooks', 'failed', true), test('webhooks', 'skipped')], 'incomplete'],
  ] as const)('%s → %s', (_name, tests, expected) => {
    expect(areaStatus(tests)).toBe(expected);
  });
});

describe('the run is ready only when everything holds', () => {
  it('is ready for a full, passing, signed sandbox run', () => {
    const verdict = decideVerdict(baseline());
    expect(verdict.ready).toBe(true);
    expect(verdict.partial).toBe(false);
    expect(verdict.notReadyReasons).toEqual([]);
    expect(verdict.readiness).toEqual({
      productSurface: '0gate',
      sandboxEvidenceId: null,
      webhookVerified: true,
      idempotencyVerified: true,
      monitoringVerified: true,
      complianceApproved: true,
    });
  });

  const cases: Array<[string, VerdictInput, NotReadyCode, boolean]> = [
    ['a failed test', withTests(test('webhooks', 'failed')), 'AREA_FAILED', false],
    ['a skipped test', withTests(test('origins', 'skipped')), 'AREA_INCOMPLETE', false],
    ['a todo test', withTests(test('support', 'todo')), 'AREA_INCOMPLETE', false],
    ['an empty area', { ...baseline(), tests: baseline().tests.filter((t) => t.area !== 'monitoring') }, 'AREA_INCOMPLETE', false],
    ['.only', withRun({ filters: { ...filters, only: true } }), 'NARROWED_ONLY', true],
    ['-t', withRun({ filters: { ...filters, testNamePattern: '/webhooks/' } }), 'NARROWED_TEST_NAME', true],
    ['a file filter', withRun({ filters: { ...filters, files: ['specs/webhooks'] } }), 'NARROWED_FILES', true],
    ['--tags-filter', withRun({ filters: { ...filters, tagsFilter: ['launch:webhooks'] } }), 'NARROWED_TAGS', true],
    ['an unmerged shard', withRun({ shards: { shard: '1/3', merged: 0, complete: false } }), 'SHARD_UNMERGED', true],
    ['a merge missing a shard', withRun({ shards: { shard: null, merged: 2, complete: false } }), 'SHARD_UNMERGED', true],
    ['an unhandled error', withRun({ unhandledErrors: 1 }), 'UNHANDLED_ERRORS', false],
    ['a suite error', withRun({ suiteErrors: [{ file: 'a.spec.ts', name: 'module', message: 'boom' }] }), 'SUITE_ERRORS', false],
    ['an interrupted run', withRun({ reason: 'interrupted' }), 'INTERRUPTED', false],
    [
      'live without a sandbox record',
      { ...withRun({ signer: { kind: 'configured', keyid: 'k' } }), environment: 'live' },
      'SANDBOX_RECORD_MISSING',
      false,
    ],
    [
      'live with an ephemeral key',
      { ...baseline(), environment: 'live', sandboxRecord: { id: 'sha256:abc', verified: true, ready: true } },
      'UNSIGNED_LIVE',
      false,
    ],
    [
      'live with a sandbox record that is not ready',
      { ...withRun({ signer: { kind: 'configured', keyid: 'k' } }), environment: 'live', sandboxRecord: { id: 'sha256:abc', verified: true, ready: false } },
      'SANDBOX_RECORD_INVALID',
      false,
    ],
  ];

  it.each(cases)('is not ready with %s', (_name, input, code, partial) => {
    const verdict = decideVerdict(input);
    expect(verdict.ready).toBe(false);
    expect(verdict.partial).toBe(partial);
    const reason = verdict.notReadyReasons.find((r) => r.code === code);
    expect(reason, JSON.stringify(verdict.notReadyReasons)).toBeDefined();
    expect(reason!.message.length).toBeGreaterThan(10);
  });

  it('is ready in live with a configured key and a valid sandbox record, whose id becomes sandboxEvidenceId', () => {
    const input: VerdictInput = {
      ...withRun({ signer: { kind: 'configured', keyid: 'k' } }),
      environment: 'live',
      sandboxRecord: { id: 'sha256:abc', verified: true, ready: true },
    };
    const verdict = decideVerdict(input);
    expect(verdict.ready).toBe(true);
    expect(verdict.readiness.sandboxEvidenceId).toBe('sha256:abc');
  });

  it('lets a waived area through the gate but never calls it verified', () => {
    const verdict = decideVerdict(withTests(test('webhooks', 'failed', true)));
    expect(verdict.areas.find((a) => a.id === 'webhooks')!.status).toBe('waived');
    expect(verdict.ready).toBe(true);
    expect(verdict.readiness.webhookVerified).toBe(false);
  });

  it('names the failed area and test in the reason', () => {
    const verdict = decideVerdict(withTests(test('idempotency', 'failed')));
    expect(verdict.notReadyReasons[0]).toMatchObject({ code: 'AREA_FAILED', area: 'idempotency', testId: 'idempotency-failed' });
    expect(verdict.readiness.idempotencyVerified).toBe(false);
  });

  it('approves compliance only for launchable surfaces or review-only ones with an approval', () => {
    expect(decideVerdict({ ...baseline(), productSurface: '0base_review' }).readiness.complianceApproved).toBe(false);
    expect(decideVerdict({ ...baseline(), productSurface: '0base_review', complianceApproved: true }).readiness.complianceApproved).toBe(true);
    expect(decideVerdict({ ...baseline(), productSurface: 'unknown' }).readiness.complianceApproved).toBe(false);
    expect(decideVerdict(withTests(test('availability', 'failed'))).readiness.complianceApproved).toBe(false);
  });
});
