import { describe, expect, it } from 'vitest';
import { AREA_IDS, type AreaId } from '../../src/areas.js';
import type { Evidence, EvidenceScope } from '../../src/evidence/types.js';
import { areaStatus, decideVerdict, type VerdictInput, type VerdictTest } from '../../src/record/verdict.js';
import type { NotReadyCode, Waiver } from '../../src/record/schema.js';

const waiver: Waiver = { test: 'x', justification: 'vendor fix pending', approvedBy: 'cto@shop.example', expires: '2999-01-01' };

const ALL_SIGNALS = ['session_failures', 'webhook_dead_letters', 'reconciliation_backlog'];
const ALL_DIMENSIONS = ['product', 'region', 'asset', 'method', 'verification'];

/** Evidence as a matcher records it; `pass`/`negated` as the matcher saw them. */
function ev(matcher: string, area: AreaId, patch: Partial<Evidence> & { scope?: EvidenceScope } = {}): Evidence {
  return {
    matcher,
    area,
    pass: true,
    negated: false,
    summary: `${matcher} ok`,
    probes: [],
    findings: [],
    checks: [],
    details: {},
    scope: {},
    attempt: 0,
    repeat: 0,
    ...patch,
  };
}

/** The minimum profile of every area, met by the right matchers with the run's scope. */
const PROFILE_EVIDENCE: Record<AreaId, Evidence[]> = {
  product: [ev('toBeLaunchableSurface', 'product', { scope: { surface: '0gate' } })],
  credentials: [ev('toBeServerSideOnly', 'credentials')],
  browser: [ev('toExposeOnlyBrowserSafeValues', 'browser')],
  origins: [ev('toBeExplicitOriginAllowlist', 'origins'), ev('toAcceptReturnUrl', 'origins')],
  webhooks: [ev('toVerifyWebhookSignatures', 'webhooks'), ev('toLogWebhookEvents', 'webhooks')],
  idempotency: [ev('toBeIdempotent', 'idempotency'), ev('toBeDuplicateSafe', 'idempotency')],
  monitoring: [ev('toCoverAlerts', 'monitoring', { scope: { signals: ALL_SIGNALS } })],
  support: [ev('toBeRedacted', 'support'), ev('toReferenceSupportPath', 'support')],
  availability: [ev('toEnable', 'availability', { scope: { environment: 'sandbox', dimensions: ALL_DIMENSIONS } })],
};

type Row = VerdictTest;

function row(area: AreaId, patch: Partial<Row> = {}): Row {
  const state = patch.state ?? 'passed';
  return {
    id: `${area}-${state}`,
    fullName: `${area} ${state}`,
    area,
    state,
    inverted: false,
    evidence: state === 'passed' ? PROFILE_EVIDENCE[area] : [],
    ...patch,
  };
}

function baseline(): VerdictInput {
  return {
    environment: 'sandbox',
    productSurface: '0gate',
    tests: AREA_IDS.map((a) => row(a)),
    run: {
      reason: 'passed',
      unhandledErrors: 0,
      suiteErrors: [],
      filters: { testNamePattern: null, files: [], projects: [], tagsFilter: [], only: false },
      shards: { shard: null, merged: 0, complete: true, mismatches: [] },
      signer: { kind: 'ephemeral', keyid: 'k' },
    },
    sandboxRecord: null,
    complianceApproved: false,
    require: {},
  };
}

/** The baseline with one area's rows replaced. */
function withArea(area: AreaId, ...rows: Row[]): VerdictInput {
  const input = baseline();
  return { ...input, tests: [...input.tests.filter((t) => t.area !== area), ...rows] };
}

function withTests(...extra: Row[]): VerdictInput {
  const input = baseline();
  return { ...input, tests: [...input.tests, ...extra] };
}

function withRun(patch: Partial<VerdictInput['run']>): VerdictInput {
  const input = baseline();
  return { ...input, run: { ...input.run, ...patch } };
}

const filters = baseline().run.filters;
const shards = baseline().run.shards;
const codes = (input: VerdictInput) => decideVerdict(input).notReadyReasons.map((r) => r.code);
const areaOf = (input: VerdictInput, id: AreaId) => decideVerdict(input).areas.find((a) => a.id === id)!;

describe('area status precedence', () => {
  const t = (state: Row['state'], waived = false) => row('webhooks', { state, waiver: waived ? waiver : undefined, evidence: [] });
  it.each([
    ['no test', [], { contradicted: false, missing: 0 }, 'incomplete'],
    ['all passed', [t('passed')], { contradicted: false, missing: 0 }, 'passed'],
    ['one failed', [t('passed'), t('failed')], { contradicted: false, missing: 0 }, 'failed'],
    ['a contradiction', [t('passed')], { contradicted: true, missing: 0 }, 'failed'],
    ['a contradiction with no test of its own', [], { contradicted: true, missing: 0 }, 'failed'],
    ['failed beats skipped', [t('skipped'), t('failed')], { contradicted: false, missing: 0 }, 'failed'],
    ['skipped', [t('passed'), t('skipped')], { contradicted: false, missing: 0 }, 'incomplete'],
    ['todo', [t('todo')], { contradicted: false, missing: 0 }, 'incomplete'],
    ['a missing profile item', [t('passed')], { contradicted: false, missing: 1 }, 'incomplete'],
    ['a missing item next to a waived skip', [t('passed'), t('skipped', true)], { contradicted: false, missing: 1 }, 'waived'],
    ['waived failure next to a pass is still waived', [t('passed'), t('failed', true)], { contradicted: false, missing: 0 }, 'waived'],
    ['unwaived skip beats waived failure', [t('failed', true), t('skipped')], { contradicted: false, missing: 0 }, 'incomplete'],
  ] as const)('%s → %3$s', (_name, tests, gaps, expected) => {
    expect(areaStatus(tests, gaps)).toBe(expected);
  });
});

describe('the run is ready only when evidence supports every area', () => {
  it('is ready for a full, evidence-backed, signed sandbox run', () => {
    const verdict = decideVerdict(baseline());
    expect(verdict.notReadyReasons).toEqual([]);
    expect(verdict.ready).toBe(true);
    expect(verdict.partial).toBe(false);
    expect(verdict.readiness).toEqual({
      productSurface: '0gate',
      sandboxEvidenceId: null,
      webhookVerified: true,
      idempotencyVerified: true,
      monitoringVerified: true,
      complianceApproved: true,
    });
    expect(verdict.areas.every((a) => a.profile.every((p) => p.status === 'supported'))).toBe(true);
    expect(verdict.tests.every((t) => t.support === 'supports')).toBe(true);
  });

  // Each row: a run that "passed" but proved less than its record would claim.
  const cases: Array<[string, VerdictInput, NotReadyCode, AreaId | undefined]> = [
    ['a green test with no evidence (expect(1).toBe(1))', withArea('webhooks', row('webhooks', { evidence: [] })), 'EVIDENCE_MISSING', 'webhooks'],
    [
      'only one of two required matchers',
      withArea('webhooks', row('webhooks', { evidence: [ev('toVerifyWebhookSignatures', 'webhooks')] })),
      'EVIDENCE_MISSING',
      'webhooks',
    ],
    [
      'a launch matcher that failed in a passing test (rejection caught)',
      withArea('credentials', row('credentials', { evidence: [...PROFILE_EVIDENCE.credentials, ev('toBeServerSideOnly', 'credentials', { pass: false })] })),
      'EVIDENCE_CONTRADICTED',
      'credentials',
    ],
    [
      'test.fails around a failing matcher',
      withArea('credentials', row('credentials', { inverted: true, evidence: [ev('toBeServerSideOnly', 'credentials', { pass: false })] })),
      'EVIDENCE_CONTRADICTED',
      'credentials',
    ],
    [
      'the matcher under .not (key found, assertion inverted)',
      withArea('credentials', row('credentials', { evidence: [ev('toBeServerSideOnly', 'credentials', { pass: false, negated: true })] })),
      'EVIDENCE_MISSING',
      'credentials',
    ],
    [
      'a .not assertion that failed in a passing test',
      withArea('origins', row('origins', { evidence: [...PROFILE_EVIDENCE.origins, ev('toAcceptReturnUrl', 'origins', { pass: true, negated: true })] })),
      'EVIDENCE_CONTRADICTED',
      'origins',
    ],
    [
      "a swallowed failure of another area's matcher fails that area",
      withTests(row('webhooks', { id: 'w2', evidence: [ev('toBeRedacted', 'support', { pass: false })] })),
      'EVIDENCE_CONTRADICTED',
      'support',
    ],
    [
      'evidence that names the wrong area',
      withArea('support', row('support', { evidence: [ev('toBeRedacted', 'webhooks'), ev('toReferenceSupportPath', 'support')] })),
      'EVIDENCE_MISSING',
      'support',
    ],
    [
      'evidence of a matcher that is not a launch matcher',
      withArea('browser', row('browser', { evidence: [ev('fixtureProbe', 'browser')] })),
      'EVIDENCE_MISSING',
      'browser',
    ],
    [
      'toBeLaunchableSurface for another surface',
      withArea('product', row('product', { evidence: [ev('toBeLaunchableSurface', 'product', { scope: { surface: '0pools_approved' } })] })),
      'EVIDENCE_MISSING',
      'product',
    ],
    [
      'toEnable for another environment',
      withArea(
        'availability',
        row('availability', { evidence: [ev('toEnable', 'availability', { scope: { environment: 'live', dimensions: ALL_DIMENSIONS } })] }),
      ),
      'EVIDENCE_MISSING',
      'availability',
    ],
    [
      'toEnable naming only some dimensions',
      withArea(
        'availability',
        row('availability', { evidence: [ev('toEnable', 'availability', { scope: { environment: 'sandbox', dimensions: ['region'] } })] }),
      ),
      'EVIDENCE_MISSING',
      'availability',
    ],
    [
      'toCoverAlerts for two of three signals',
      withArea('monitoring', row('monitoring', { evidence: [ev('toCoverAlerts', 'monitoring', { scope: { signals: ALL_SIGNALS.slice(0, 2) } })] })),
      'EVIDENCE_MISSING',
      'monitoring',
    ],
    [
      'fire drills for two of three signals',
      withArea('monitoring', row('monitoring', { evidence: ALL_SIGNALS.slice(1).map((s) => ev('toRaiseAlert', 'monitoring', { scope: { signals: [s] } })) })),
      'EVIDENCE_MISSING',
      'monitoring',
    ],
    ['evidence only in a test.fails test', withArea('support', row('support', { inverted: true })), 'EVIDENCE_MISSING', 'support'],
    ['a failed test', withTests(row('webhooks', { id: 'w-failed', state: 'failed' })), 'AREA_FAILED', 'webhooks'],
    ['a skipped test', withTests(row('origins', { id: 'o-skip', state: 'skipped' })), 'AREA_INCOMPLETE', 'origins'],
    ['a todo test', withTests(row('support', { id: 's-todo', state: 'todo' })), 'AREA_INCOMPLETE', 'support'],
    ['an empty area', { ...baseline(), tests: baseline().tests.filter((t) => t.area !== 'monitoring') }, 'AREA_INCOMPLETE', 'monitoring'],
    [
      'a review-only surface without approval',
      {
        ...withArea('product', row('product', { evidence: [ev('toBeLaunchableSurface', 'product', { scope: { surface: '0base_review' } })] })),
        productSurface: '0base_review',
      },
      'SURFACE_NOT_APPROVED',
      'product',
    ],
    ['an unknown surface', { ...baseline(), productSurface: 'checkout-v2' }, 'SURFACE_UNKNOWN', 'product'],
    ['no surface configured', { ...baseline(), productSurface: null }, 'SURFACE_UNSET', 'product'],
    ['a raised profile item that is missing', { ...baseline(), require: { monitoring: ['toRaiseAlert'] } }, 'EVIDENCE_MISSING', 'monitoring'],
  ];

  it.each(cases)('is not ready with %s', (_name, input, code, area) => {
    const verdict = decideVerdict(input);
    expect(verdict.ready).toBe(false);
    const reason = verdict.notReadyReasons.find((r) => r.code === code);
    expect(reason, JSON.stringify(verdict.notReadyReasons)).toBeDefined();
    expect(reason!.area).toBe(area);
    if (area) expect(verdict.areas.find((a) => a.id === area)!.status).not.toBe('passed');
  });

  it('names the missing matcher and links the docs that show how to write it', () => {
    const reason = decideVerdict(withArea('webhooks', row('webhooks', { evidence: [ev('toVerifyWebhookSignatures', 'webhooks')] }))).notReadyReasons[0]!;
    expect(reason).toMatchObject({
      code: 'EVIDENCE_MISSING',
      area: 'webhooks',
      matcher: 'toLogWebhookEvents',
      docs: 'docs/webhooks.md#what-counts-as-evidence',
    });
  });

  it('lists a passed test without evidence as unsupported, next to the tests that support the area', () => {
    const input = withTests(row('webhooks', { id: 'w-green', fullName: 'expect(1).toBe(1)', evidence: [] }));
    const verdict = decideVerdict(input);
    const webhooks = verdict.areas.find((a) => a.id === 'webhooks')!;
    expect(webhooks.status).toBe('passed');
    expect(webhooks.unsupported).toEqual(['w-green']);
    expect(verdict.tests[input.tests.length - 1]).toMatchObject({ support: 'unsupported' });
    expect(webhooks.profile.map((p) => p.tests)).toEqual([['webhooks-passed'], ['webhooks-passed']]);
  });

  it('names the test and matcher of a contradiction and says how it passed', () => {
    const verdict = decideVerdict(
      withArea(
        'credentials',
        row('credentials', { id: 'c1', fullName: 'swallows', inverted: true, evidence: [ev('toBeServerSideOnly', 'credentials', { pass: false })] }),
      ),
    );
    expect(verdict.areas.find((a) => a.id === 'credentials')!.contradictions).toEqual([
      { testId: 'c1', fullName: 'swallows', matcher: 'toBeServerSideOnly', how: 'inverted' },
    ]);
    expect(verdict.notReadyReasons.find((r) => r.code === 'EVIDENCE_CONTRADICTED')!.message).toMatch(
      /toBeServerSideOnly failed inside "swallows", which is test.fails/,
    );
  });

  it('counts only the final try of a retried test, and keeps it flaky rather than contradicted', () => {
    const retried = row('credentials', {
      evidence: [ev('toBeServerSideOnly', 'credentials', { pass: false, attempt: 0 }), ev('toBeServerSideOnly', 'credentials', { attempt: 1 })],
    });
    const verdict = decideVerdict(withArea('credentials', retried));
    expect(verdict.ready).toBe(true);
    expect(verdict.tests.at(-1)!.supportNotes.join()).toMatch(/retried tries/);
  });

  it('lets a waiver on a test that did not pass close a missing item as waived, never verified', () => {
    const verdict = decideVerdict(
      withArea(
        'webhooks',
        row('webhooks', { evidence: [ev('toVerifyWebhookSignatures', 'webhooks')] }),
        row('webhooks', { id: 'w-skip', state: 'skipped', waiver }),
      ),
    );
    const webhooks = verdict.areas.find((a) => a.id === 'webhooks')!;
    expect(webhooks.status).toBe('waived');
    expect(webhooks.profile.map((p) => p.status)).toEqual(['supported', 'waived']);
    expect(verdict.ready).toBe(true);
    expect(verdict.readiness.webhookVerified).toBe(false);
  });

  it('lets a raised item be met, and never lets require lower the minimum', () => {
    const drills = ALL_SIGNALS.map((s) => ev('toRaiseAlert', 'monitoring', { scope: { signals: [s] } }));
    const raised = {
      ...withArea('monitoring', row('monitoring', { evidence: [...PROFILE_EVIDENCE.monitoring, ...drills] })),
      require: { monitoring: ['toRaiseAlert'] },
    };
    expect(decideVerdict(raised).ready).toBe(true);
    expect(areaOf(raised, 'monitoring').profile.map((p) => [p.item, p.source])).toEqual([
      ['toCoverAlerts|toRaiseAlert', 'minimum'],
      ['toRaiseAlert', 'required'],
    ]);
    // Naming a minimum item again adds nothing and removes nothing.
    expect(areaOf({ ...baseline(), require: { webhooks: ['toLogWebhookEvents'] } }, 'webhooks').profile).toHaveLength(2);
  });

  it('approves compliance only for launchable surfaces, or review-only ones with an approval', () => {
    const reviewOnly = withArea('product', row('product', { evidence: [ev('toBeLaunchableSurface', 'product', { scope: { surface: '0base_review' } })] }));
    expect(decideVerdict({ ...reviewOnly, productSurface: '0base_review' }).readiness.complianceApproved).toBe(false);
    const approved = decideVerdict({ ...reviewOnly, productSurface: '0base_review', complianceApproved: true });
    expect(approved.readiness.complianceApproved).toBe(true);
    expect(approved.ready).toBe(true);
    expect(decideVerdict(withTests(row('availability', { id: 'a-f', state: 'failed' }))).readiness.complianceApproved).toBe(false);
    expect(decideVerdict({ ...baseline(), productSurface: null }).readiness).toMatchObject({ productSurface: 'unspecified', complianceApproved: false });
  });
});

describe('run facts that narrow or unbind the run', () => {
  const cases: Array<[string, VerdictInput, NotReadyCode, boolean]> = [
    ['.only', withRun({ filters: { ...filters, only: true } }), 'NARROWED_ONLY', true],
    ['-t', withRun({ filters: { ...filters, testNamePattern: '/webhooks/' } }), 'NARROWED_TEST_NAME', true],
    ['a file filter', withRun({ filters: { ...filters, files: ['not run: specs/webhooks.spec.ts'] } }), 'NARROWED_FILES', true],
    ['--exclude', withRun({ filters: { ...filters, files: ['--exclude specs/failing.spec.ts'] } }), 'NARROWED_FILES', true],
    ['--project', withRun({ filters: { ...filters, projects: ['unit'] } }), 'NARROWED_PROJECT', true],
    ['--tags-filter', withRun({ filters: { ...filters, tagsFilter: ['launch:webhooks'] } }), 'NARROWED_TAGS', true],
    ['an unmerged shard', withRun({ shards: { ...shards, shard: '1/3', merged: 0, complete: false } }), 'SHARD_UNMERGED', true],
    ['a merge missing a shard', withRun({ shards: { ...shards, merged: 2, complete: false } }), 'SHARD_UNMERGED', true],
    [
      'a merge of a stale blob',
      withRun({ shards: { ...shards, merged: 2, mismatches: ['specs/a.spec.ts changed since its shard ran'] } }),
      'SHARD_MISMATCH',
      false,
    ],
    ['an unhandled error', withRun({ unhandledErrors: 1 }), 'UNHANDLED_ERRORS', false],
    ['a suite error', withRun({ suiteErrors: [{ file: 'a.spec.ts', name: 'module', message: 'boom' }] }), 'SUITE_ERRORS', false],
    ['an interrupted run', withRun({ reason: 'interrupted' }), 'INTERRUPTED', false],
    ['live without a sandbox record', { ...withRun({ signer: { kind: 'configured', keyid: 'k' } }), environment: 'live' }, 'SANDBOX_RECORD_MISSING', false],
    [
      'live with an ephemeral key',
      { ...baseline(), environment: 'live', sandboxRecord: { id: 'sha256:abc', verified: true, ready: true, sameSuite: true } },
      'UNSIGNED_LIVE',
      false,
    ],
    [
      'live with a sandbox record that is not ready',
      { ...withRun({ signer: { kind: 'configured', keyid: 'k' } }), environment: 'live', sandboxRecord: { id: 'sha256:abc', verified: true, ready: false } },
      'SANDBOX_RECORD_INVALID',
      false,
    ],
    [
      'live linked to a sandbox record of another suite',
      {
        ...withRun({ signer: { kind: 'configured', keyid: 'k' } }),
        environment: 'live',
        sandboxRecord: { id: 'sha256:abc', verified: true, ready: true, sameSuite: false },
      },
      'SANDBOX_RECORD_OTHER_SUITE',
      false,
    ],
  ];

  it.each(cases)('is not ready with %s', (_name, input, code, partial) => {
    const live = input.environment === 'live';
    // Live runs judge toEnable against live; the profile is otherwise the baseline's.
    const prepared = live
      ? {
          ...input,
          tests: input.tests.map((t) =>
            t.area === 'availability'
              ? { ...t, evidence: [ev('toEnable', 'availability', { scope: { environment: 'live', dimensions: ALL_DIMENSIONS } })] }
              : t,
          ),
        }
      : input;
    const verdict = decideVerdict(prepared);
    expect(verdict.ready).toBe(false);
    expect(verdict.partial).toBe(partial);
    expect(codes(prepared)).toEqual([code]);
  });

  it('is ready in live with a configured key and a valid sandbox record of the same suite, whose id becomes sandboxEvidenceId', () => {
    const input: VerdictInput = {
      ...withArea(
        'availability',
        row('availability', { evidence: [ev('toEnable', 'availability', { scope: { environment: 'live', dimensions: ALL_DIMENSIONS } })] }),
      ),
      environment: 'live',
      sandboxRecord: { id: 'sha256:abc', verified: true, ready: true, sameSuite: true },
    };
    input.run = { ...input.run, signer: { kind: 'configured', keyid: 'k' } };
    const verdict = decideVerdict(input);
    expect(verdict.notReadyReasons).toEqual([]);
    expect(verdict.readiness.sandboxEvidenceId).toBe('sha256:abc');
  });
});
