import { AREAS, type Area, type AreaId } from '../areas.js';
import type { Evidence } from '../evidence/types.js';
import { evidenceDocs, profileOf, type RequiredMatchers } from './profiles.js';
import { judgeRow, type RowSupport, type SupportInput } from './support.js';
import {
  LAUNCHABLE_SURFACES,
  REVIEW_ONLY_SURFACES,
  type AreaResult,
  type AreaStatus,
  type Contradiction,
  type Counts,
  type Environment,
  type LaunchPredicate,
  type LaunchReadiness,
  type NotReadyReason,
  type ProfileItem,
  type RunFacts,
  type SandboxLink,
  type TestResult,
} from './schema.js';

export type VerdictTest = SupportInput & Pick<TestResult, 'waiver'>;

export interface VerdictInput {
  environment: Environment;
  /** The run's product surface; null when none was configured. */
  productSurface: string | null;
  tests: readonly VerdictTest[];
  run: Pick<RunFacts, 'reason' | 'unhandledErrors' | 'suiteErrors' | 'filters' | 'shards' | 'signer'>;
  sandboxRecord: SandboxLink | null;
  complianceApproved: boolean;
  /** Profile items the `require` option adds. */
  require: RequiredMatchers;
}

export interface Verdict {
  areas: AreaResult[];
  readiness: LaunchReadiness;
  ready: boolean;
  partial: boolean;
  notReadyReasons: NotReadyReason[];
  /** Per input test row, in input order: whether it supports its area and why not. */
  tests: Array<Pick<TestResult, 'support' | 'supportNotes'>>;
}

function countTests(tests: readonly VerdictTest[]): Counts {
  const counts: Counts = { total: tests.length, passed: 0, failed: 0, skipped: 0, todo: 0, waived: 0 };
  for (const t of tests) {
    counts[t.state]++;
    if (t.state !== 'passed' && t.waiver) counts.waived++;
  }
  return counts;
}

/** Whether a waiver covers a test that did not pass: then waivers, not evidence, close the area's gaps. */
function hasWaivedGap(tests: readonly VerdictTest[]): boolean {
  return tests.some((t) => t.state !== 'passed' && t.waiver);
}

/**
 * DESIGN's precedence: failed (a failed test or a contradiction), then incomplete (a
 * missing profile item or an open skip/todo), then waived (only waivers close the gaps),
 * then passed. Waivers close gaps only on tests that did not pass.
 */
export function areaStatus(tests: readonly VerdictTest[], gaps: { contradicted: boolean; missing: number } = { contradicted: false, missing: 0 }): AreaStatus {
  if (gaps.contradicted) return 'failed';
  if (tests.length === 0) return 'incomplete';
  const unwaived = tests.filter((t) => t.state !== 'passed' && !t.waiver);
  if (unwaived.some((t) => t.state === 'failed')) return 'failed';
  const waivedGap = hasWaivedGap(tests);
  if (unwaived.length > 0 || (gaps.missing > 0 && !waivedGap)) return 'incomplete';
  if (waivedGap) return 'waived';
  return 'passed';
}

/** Why the run was narrowed to part of the suite; any one makes the record partial. */
export function narrowing(run: VerdictInput['run']): NotReadyReason[] {
  const reasons: NotReadyReason[] = [];
  const f = run.filters;
  if (f.testNamePattern) reasons.push({ code: 'NARROWED_TEST_NAME', message: `run narrowed by test name pattern ${f.testNamePattern}` });
  if (f.files.length) reasons.push({ code: 'NARROWED_FILES', message: `run narrowed to part of the config's spec files: ${f.files.join(', ')}` });
  if (f.projects.length) reasons.push({ code: 'NARROWED_PROJECT', message: `run narrowed by --project; not run: ${f.projects.join(', ')}` });
  if (f.tagsFilter.length) reasons.push({ code: 'NARROWED_TAGS', message: `run narrowed by --tags-filter ${f.tagsFilter.join(' ')}` });
  if (f.only) reasons.push({ code: 'NARROWED_ONLY', message: 'a test or suite uses .only, so the others did not run' });
  if (run.shards.shard && run.shards.merged === 0) {
    reasons.push({ code: 'SHARD_UNMERGED', message: `this is shard ${run.shards.shard}; merge all shards with --merge-reports for a full record` });
  } else if (!run.shards.complete) {
    reasons.push({ code: 'SHARD_UNMERGED', message: `only ${run.shards.merged} blob report(s) were merged; some shards are missing` });
  }
  return reasons;
}

export function isReviewOnly(surface: string): boolean {
  return (REVIEW_ONLY_SURFACES as readonly string[]).includes(surface);
}

export function isLaunchable(surface: string): boolean {
  return (LAUNCHABLE_SURFACES as readonly string[]).includes(surface);
}

/** Why the run's surface cannot launch, or null when it can. */
function surfaceReason(surface: string | null, approved: boolean): NotReadyReason | null {
  if (surface === null) {
    return {
      code: 'SURFACE_UNSET',
      area: 'product',
      message: 'no product surface is configured: set launchPlugin({ productSurface }) or ZEROBIT_PRODUCT_SURFACE',
      docs: evidenceDocs('product'),
    };
  }
  if (isLaunchable(surface)) return null;
  if (isReviewOnly(surface)) {
    return approved
      ? null
      : {
          code: 'SURFACE_NOT_APPROVED',
          area: 'product',
          message: `${surface} is review-only and the run records no compliance approval (complianceApproval option)`,
          docs: evidenceDocs('product'),
        };
  }
  return {
    code: 'SURFACE_UNKNOWN',
    area: 'product',
    message: `${surface} is not a known product surface (launchable: ${LAUNCHABLE_SURFACES.join(', ')}; review-only: ${REVIEW_ONLY_SURFACES.join(', ')})`,
    docs: evidenceDocs('product'),
  };
}

interface AreaJudgement {
  result: AreaResult;
  reasons: NotReadyReason[];
}

type Supporting = { testId: string; evidence: Evidence };

/** Each profile item of the area, supported by the evidence of the tests that support it, or waived, or missing. */
function areaProfile(id: AreaId, require: RequiredMatchers, supporting: readonly Supporting[], waivedGap: boolean): ProfileItem[] {
  return profileOf(id, require).map((rule) => {
    const by = supporting.filter((s) => (rule.matchers as readonly string[]).includes(s.evidence.matcher));
    const met = by.length > 0 && (rule.covers?.(by.map((s) => s.evidence)) ?? true);
    return {
      item: rule.item,
      matchers: [...rule.matchers],
      requirement: rule.requirement,
      status: met ? 'supported' : waivedGap ? 'waived' : 'missing',
      tests: [...new Set(by.map((s) => s.testId))],
      docs: evidenceDocs(id),
      source: rule.source,
    };
  });
}

function contradictionReason(area: Area, c: Contradiction): NotReadyReason {
  return {
    code: 'EVIDENCE_CONTRADICTED',
    area: area.id,
    testId: c.testId,
    matcher: c.matcher,
    message: `${area.title}: ${c.matcher} failed inside "${c.fullName}", which ${c.how === 'inverted' ? 'is test.fails, so the failure counted as a pass' : 'passed anyway (the failure was caught or not awaited)'}`,
  };
}

/** No tests, or a skipped/todo test without a waiver. */
function incompleteReason(area: Area, tests: readonly VerdictTest[]): NotReadyReason | undefined {
  if (tests.length === 0)
    return { code: 'AREA_INCOMPLETE', area: area.id, message: `${area.title}: no test carries the tag launch:${area.id}`, docs: evidenceDocs(area.id) };
  const open = tests.find((t) => t.state !== 'passed' && t.state !== 'failed' && !t.waiver);
  return (
    open && { code: 'AREA_INCOMPLETE', area: area.id, testId: open.id, message: `${area.title}: ${open.fullName} was ${open.state} without a valid waiver` }
  );
}

function missingReason(area: Area, item: ProfileItem): NotReadyReason {
  return {
    code: 'EVIDENCE_MISSING',
    area: area.id,
    matcher: item.item,
    docs: item.docs,
    message: `${area.title}: no passing test proves ${item.requirement}${item.source === 'required' ? ' (required by the require option)' : ''}`,
  };
}

/** Why the area holds the launch back: a failed test, contradictions, open tests, missing evidence. */
function areaReasons(
  area: Area,
  tests: readonly VerdictTest[],
  counts: Counts,
  contradictions: readonly Contradiction[],
  missing: readonly ProfileItem[],
): NotReadyReason[] {
  const reasons: NotReadyReason[] = [];
  const failed = tests.find((t) => t.state === 'failed' && !t.waiver);
  if (failed)
    reasons.push({
      code: 'AREA_FAILED',
      area: area.id,
      testId: failed.id,
      message: `${area.title}: ${counts.failed} test(s) failed (first: ${failed.fullName})`,
    });
  reasons.push(...contradictions.map((c) => contradictionReason(area, c)));
  const incomplete = incompleteReason(area, tests);
  if (incomplete) reasons.push(incomplete);
  if (!hasWaivedGap(tests)) reasons.push(...missing.map((item) => missingReason(area, item)));
  return reasons;
}

function judgeArea(
  id: AreaId,
  rows: ReadonlyArray<{ test: VerdictTest; judged: RowSupport }>,
  contradictions: readonly Contradiction[],
  input: VerdictInput,
  surfaceBlocked: boolean,
): AreaJudgement {
  const area = AREAS.find((a) => a.id === id)!;
  const tests = rows.map((r) => r.test);
  const supporting: Supporting[] = rows.flatMap((r) => r.judged.supporting.map((evidence) => ({ testId: r.test.id, evidence })));
  const profile = areaProfile(id, input.require, supporting, hasWaivedGap(tests));
  const missing = profile.filter((p) => p.status !== 'supported');
  let status = areaStatus(tests, { contradicted: contradictions.length > 0, missing: missing.length });
  // A surface that cannot launch leaves the product row open whatever its tests proved.
  if (surfaceBlocked && (status === 'passed' || status === 'waived')) status = 'incomplete';
  const result: AreaResult = {
    id,
    title: area.title,
    checklist: area.checklist,
    status,
    counts: countTests(tests),
    profile,
    unsupported: rows.filter((r) => r.judged.support === 'unsupported').map((r) => r.test.id),
    contradictions: [...contradictions],
  };
  return { result, reasons: areaReasons(area, tests, result.counts, contradictions, missing) };
}

/** DESIGN's verdict rules. Pure: the same input always gives the same verdict. */
export function decideVerdict(input: VerdictInput): Verdict {
  const scope = { environment: input.environment, productSurface: input.productSurface };
  const judged = input.tests.map((test) => ({ test, judged: judgeRow(test, scope) }));

  // A contradiction fails the matcher's own area, whichever area the test is tagged with; once per test and matcher.
  const contradictions = new Map<AreaId, Map<string, Contradiction>>();
  for (const { test, judged: j } of judged) {
    for (const c of j.contradictions) {
      const byArea = contradictions.get(c.area) ?? new Map<string, Contradiction>();
      byArea.set(`${test.id}\u0000${c.matcher}`, { testId: test.id, fullName: test.fullName, matcher: c.matcher, how: c.how });
      contradictions.set(c.area, byArea);
    }
  }

  const surfaceProblem = surfaceReason(input.productSurface, input.complianceApproved);
  const reasons: NotReadyReason[] = [];
  const areas = AREAS.map((area) => {
    const rows = judged.filter((r) => r.test.area === area.id);
    const { result, reasons: own } = judgeArea(
      area.id,
      rows,
      [...(contradictions.get(area.id)?.values() ?? [])],
      input,
      area.id === 'product' && surfaceProblem !== null,
    );
    reasons.push(...own);
    return result;
  });
  if (surfaceProblem) reasons.push(surfaceProblem);

  const { run } = input;
  if (run.unhandledErrors > 0) reasons.push({ code: 'UNHANDLED_ERRORS', message: `${run.unhandledErrors} unhandled error(s) during the run` });
  for (const e of run.suiteErrors) reasons.push({ code: 'SUITE_ERRORS', message: `${e.file}: ${e.name} errored outside a test: ${e.message}` });
  if (run.reason === 'interrupted') reasons.push({ code: 'INTERRUPTED', message: 'the run was interrupted before it finished' });
  const narrowed = narrowing(run);
  reasons.push(...narrowed);
  for (const m of run.shards.mismatches) reasons.push({ code: 'SHARD_MISMATCH', message: `a merged blob report does not belong to this checkout: ${m}` });
  if (input.environment === 'live' && run.signer.kind !== 'configured') {
    reasons.push({
      code: 'UNSIGNED_LIVE',
      message: 'a live record must be signed with a configured key (ZEROBIT_LAUNCH_SIGNING_KEY or signingKey); it was signed with an ephemeral key',
    });
  }
  const sandboxEvidenceId = input.environment === 'live' ? sandboxLinkReasons(input.sandboxRecord, reasons) : null;

  const status = (id: AreaId) => areas.find((a) => a.id === id)!.status;
  const passed = (id: AreaId) => status(id) === 'passed';
  const readiness: LaunchReadiness = {
    productSurface: input.productSurface ?? 'unspecified',
    sandboxEvidenceId,
    webhookVerified: passed('webhooks'),
    idempotencyVerified: passed('idempotency'),
    monitoringVerified: passed('monitoring'),
    complianceApproved: passed('product') && passed('availability') && surfaceProblem === null,
  };
  return {
    areas,
    readiness,
    ready: reasons.length === 0,
    partial: narrowed.length > 0,
    notReadyReasons: reasons,
    tests: judged.map(({ judged: j }) => ({ support: j.support, supportNotes: j.supportNotes })),
  };
}

/** The live run's link to its sandbox rehearsal; returns the sandbox evidence id when it holds. */
function sandboxLinkReasons(link: SandboxLink | null, reasons: NotReadyReason[]): string | null {
  if (!link) {
    reasons.push({ code: 'SANDBOX_RECORD_MISSING', message: 'a live run must link a ready sandbox record (sandboxRecord option or ZEROBIT_SANDBOX_RECORD)' });
    return null;
  }
  if (link.verified && link.ready && !link.problem && link.sameSuite === false) {
    reasons.push({
      code: 'SANDBOX_RECORD_OTHER_SUITE',
      message: 'the linked sandbox record is for another suite (its spec files or their digests differ from this run)',
    });
    return null;
  }
  if (!link.verified || !link.ready || link.problem) {
    reasons.push({
      code: 'SANDBOX_RECORD_INVALID',
      message: `the linked sandbox record cannot be used: ${link.problem ?? (link.verified ? 'it was not ready' : 'its signature did not verify')}`,
    });
    return null;
  }
  return link.id;
}

/** The verdict input a signed predicate holds: what `verify` re-derives the verdict from. */
export function verdictInputOf(predicate: LaunchPredicate): VerdictInput {
  return {
    environment: predicate.environment,
    productSurface: predicate.productSurface,
    tests: predicate.tests,
    run: predicate.run,
    sandboxRecord: predicate.sandboxRecord,
    complianceApproved: predicate.compliance !== null,
    require: predicate.run.require,
  };
}
