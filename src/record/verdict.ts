import { AREAS, type AreaId } from '../areas.js';
import {
  LAUNCHABLE_SURFACES,
  REVIEW_ONLY_SURFACES,
  type AreaResult,
  type AreaStatus,
  type Counts,
  type Environment,
  type LaunchReadiness,
  type NotReadyReason,
  type RunFacts,
  type SandboxLink,
  type TestResult,
} from './schema.js';

export interface VerdictInput {
  environment: Environment;
  productSurface: string;
  tests: readonly Pick<TestResult, 'id' | 'fullName' | 'area' | 'state' | 'waiver'>[];
  run: Pick<RunFacts, 'reason' | 'unhandledErrors' | 'suiteErrors' | 'filters' | 'shards' | 'signer'>;
  sandboxRecord: SandboxLink | null;
  complianceApproved: boolean;
}

export interface Verdict {
  areas: AreaResult[];
  readiness: LaunchReadiness;
  ready: boolean;
  partial: boolean;
  notReadyReasons: NotReadyReason[];
}

function countTests(tests: VerdictInput['tests']): Counts {
  const counts: Counts = { total: tests.length, passed: 0, failed: 0, skipped: 0, todo: 0, waived: 0 };
  for (const t of tests) {
    counts[t.state]++;
    if (t.state !== 'passed' && t.waiver) counts.waived++;
  }
  return counts;
}

/** DESIGN.md's precedence: failed, then incomplete, then waived, then passed. */
export function areaStatus(tests: VerdictInput['tests']): AreaStatus {
  if (tests.length === 0) return 'incomplete';
  const unwaived = tests.filter((t) => t.state !== 'passed' && !t.waiver);
  if (unwaived.some((t) => t.state === 'failed')) return 'failed';
  if (unwaived.length > 0) return 'incomplete';
  if (tests.some((t) => t.state !== 'passed')) return 'waived';
  return 'passed';
}

/** Why the run was narrowed to part of the suite; any one makes the record partial. */
export function narrowing(run: VerdictInput['run']): NotReadyReason[] {
  const reasons: NotReadyReason[] = [];
  const f = run.filters;
  if (f.testNamePattern) reasons.push({ code: 'NARROWED_TEST_NAME', message: `run narrowed by test name pattern ${f.testNamePattern}` });
  if (f.files.length) reasons.push({ code: 'NARROWED_FILES', message: `run narrowed to files matching ${f.files.join(', ')}` });
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

/** Applies the verdict rules of DESIGN.md. Pure: the same input always gives the same verdict. */
export function decideVerdict(input: VerdictInput): Verdict {
  const areas: AreaResult[] = AREAS.map((area) => {
    const tests = input.tests.filter((t) => t.area === area.id);
    return { id: area.id, title: area.title, checklist: area.checklist, status: areaStatus(tests), counts: countTests(tests) };
  });
  const status = (id: AreaId) => areas.find((a) => a.id === id)!.status;
  const passed = (id: AreaId) => status(id) === 'passed';

  const reasons: NotReadyReason[] = [];
  for (const area of areas) {
    if (area.status === 'failed') {
      const failed = input.tests.find((t) => t.area === area.id && t.state === 'failed' && !t.waiver);
      reasons.push({ code: 'AREA_FAILED', area: area.id, testId: failed?.id, message: `${area.title}: ${area.counts.failed} test(s) failed${failed ? ` (first: ${failed.fullName})` : ''}` });
    } else if (area.status === 'incomplete') {
      const open = input.tests.find((t) => t.area === area.id && t.state !== 'passed' && !t.waiver);
      reasons.push({
        code: 'AREA_INCOMPLETE',
        area: area.id,
        testId: open?.id,
        message: area.counts.total === 0 ? `${area.title}: no test carries the tag launch:${area.id}` : `${area.title}: ${open?.fullName ?? 'a test'} was ${open?.state ?? 'skipped'} without a valid waiver`,
      });
    }
  }
  const { run } = input;
  if (run.unhandledErrors > 0) reasons.push({ code: 'UNHANDLED_ERRORS', message: `${run.unhandledErrors} unhandled error(s) during the run` });
  for (const e of run.suiteErrors) reasons.push({ code: 'SUITE_ERRORS', message: `${e.file}: ${e.name} errored outside a test: ${e.message}` });
  if (run.reason === 'interrupted') reasons.push({ code: 'INTERRUPTED', message: 'the run was interrupted before it finished' });
  const narrowed = narrowing(run);
  reasons.push(...narrowed);
  if (input.environment === 'live' && run.signer.kind !== 'configured') {
    reasons.push({ code: 'UNSIGNED_LIVE', message: 'a live record must be signed with a configured key (ZEROBIT_LAUNCH_SIGNING_KEY or signingKey); it was signed with an ephemeral key' });
  }
  let sandboxEvidenceId: string | null = null;
  if (input.environment === 'live') {
    const link = input.sandboxRecord;
    if (!link) reasons.push({ code: 'SANDBOX_RECORD_MISSING', message: 'a live run must link a ready sandbox record (sandboxRecord option or ZEROBIT_SANDBOX_RECORD)' });
    else if (!link.verified || !link.ready || link.problem) {
      reasons.push({ code: 'SANDBOX_RECORD_INVALID', message: `the linked sandbox record cannot be used: ${link.problem ?? (link.verified ? 'it was not ready' : 'its signature did not verify')}` });
    } else sandboxEvidenceId = link.id;
  }

  const surfaceApproved = isLaunchable(input.productSurface) || (isReviewOnly(input.productSurface) && input.complianceApproved);
  const readiness: LaunchReadiness = {
    productSurface: input.productSurface,
    sandboxEvidenceId,
    webhookVerified: passed('webhooks'),
    idempotencyVerified: passed('idempotency'),
    monitoringVerified: passed('monitoring'),
    complianceApproved: passed('product') && passed('availability') && surfaceApproved,
  };
  return { areas, readiness, ready: reasons.length === 0, partial: narrowed.length > 0, notReadyReasons: reasons };
}
