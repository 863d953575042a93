import { z } from 'zod';
import { AREA_IDS } from '../areas.js';
import { evidenceSchema } from '../evidence/types.js';

export const PAYLOAD_TYPE = 'application/vnd.in-toto+json' as const;
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1' as const;
/**
 * v2: areas are judged by evidence (minimum profiles, contradictions, scopes), tests carry
 * their support, runs carry what bound them. Any change to the predicate's shape gets a
 * new version; v1 records are refused, never read as v2 (docs/record.md, "Evolution").
 */
export const PREDICATE_TYPE = 'https://0bit.io/launch-record/v2' as const;

export const ENVIRONMENTS = ['sandbox', 'live'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const LAUNCHABLE_SURFACES = ['0gate', '0pools_approved'] as const;
export const REVIEW_ONLY_SURFACES = ['0base_review', '0link_review'] as const;
export const PRODUCT_SURFACES = [...LAUNCHABLE_SURFACES, ...REVIEW_ONLY_SURFACES] as const;
export type ProductSurface = (typeof PRODUCT_SURFACES)[number];

/**
 * The documented `LaunchReadiness` type, field for field. The four booleans are true
 * only when the areas they stand for passed (never when waived); `productSurface` is the
 * surface the run was for and `sandboxEvidenceId` the digest of the linked sandbox record
 * (null in a sandbox run, or when no valid sandbox record was linked).
 */
export const launchReadinessSchema = z.strictObject({
  productSurface: z.string(),
  sandboxEvidenceId: z.string().nullable(),
  webhookVerified: z.boolean(),
  idempotencyVerified: z.boolean(),
  monitoringVerified: z.boolean(),
  complianceApproved: z.boolean(),
});
export type LaunchReadiness = z.infer<typeof launchReadinessSchema>;

export const AREA_STATUSES = ['passed', 'failed', 'incomplete', 'waived'] as const;
export type AreaStatus = (typeof AREA_STATUSES)[number];

export const TEST_STATES = ['passed', 'failed', 'skipped', 'todo'] as const;
export type TestState = (typeof TEST_STATES)[number];

export const countsSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  todo: z.number().int().nonnegative(),
  waived: z.number().int().nonnegative(),
});
export type Counts = z.infer<typeof countsSchema>;

/** One item of an area's minimum evidence profile and what supported it. */
export const profileItemSchema = z.strictObject({
  /** The item, e.g. `toVerifyWebhookSignatures` or `toAllowOrigin|toBeExplicitOriginAllowlist`. */
  item: z.string(),
  /** Matchers any one of which can support it. */
  matchers: z.array(z.string()).min(1),
  /** What the item asks beyond a passing matcher (e.g. "all three signals"). */
  requirement: z.string(),
  status: z.enum(['supported', 'missing', 'waived']),
  /** Ids of the tests whose evidence supports it. */
  tests: z.array(z.string()),
  /** Where the docs show how to write it. */
  docs: z.string(),
  /** `required` items come from the option `require`; the rest are the minimum profile. */
  source: z.enum(['minimum', 'required']),
});
export type ProfileItem = z.infer<typeof profileItemSchema>;

/** A launch matcher that failed inside a test that passed. */
export const contradictionSchema = z.strictObject({
  testId: z.string(),
  fullName: z.string(),
  matcher: z.string(),
  /** `swallowed`: the test passed anyway; `inverted`: `test.fails` turned the failure into a pass. */
  how: z.enum(['swallowed', 'inverted']),
});
export type Contradiction = z.infer<typeof contradictionSchema>;

export const areaResultSchema = z.strictObject({
  id: z.enum(AREA_IDS),
  title: z.string(),
  checklist: z.string(),
  status: z.enum(AREA_STATUSES),
  counts: countsSchema,
  profile: z.array(profileItemSchema),
  /** Tests of the area that passed without supporting evidence. */
  unsupported: z.array(z.string()),
  contradictions: z.array(contradictionSchema),
});
export type AreaResult = z.infer<typeof areaResultSchema>;

export const waiverSchema = z.strictObject({
  test: z.string().min(1),
  justification: z.string().min(1),
  approvedBy: z.string().min(1),
  expires: z.string().min(1),
});
export type Waiver = z.infer<typeof waiverSchema>;

export const testResultSchema = z.strictObject({
  id: z.string(),
  fullName: z.string(),
  file: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  area: z.enum(AREA_IDS),
  state: z.enum(TEST_STATES),
  durationMs: z.number().nonnegative(),
  failure: z.string().optional(),
  waiver: waiverSchema.optional(),
  /** Passed after a retry; each attempt's evidence is kept, only the final attempt's counts. */
  flaky: z.boolean(),
  /** Declared with `test.fails`: a pass means its body failed, so it supports nothing. */
  inverted: z.boolean(),
  /**
   * `supports`: evidence from this test supports its area; `unsupported`: it passed
   * without such evidence; `contradicts`: a launch matcher failed in it although it passed;
   * `none`: it did not pass.
   */
  support: z.enum(['supports', 'unsupported', 'contradicts', 'none']),
  /** Why evidence in this test did not count (wrong area, scope that does not match the run, …). */
  supportNotes: z.array(z.string()),
  evidence: z.array(evidenceSchema),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const untaggedTestSchema = z.strictObject({
  id: z.string(),
  fullName: z.string(),
  file: z.string(),
  state: z.enum(TEST_STATES),
});

export const NOT_READY_CODES = [
  'AREA_FAILED',
  'AREA_INCOMPLETE',
  'EVIDENCE_MISSING',
  'EVIDENCE_CONTRADICTED',
  'SURFACE_UNSET',
  'SURFACE_UNKNOWN',
  'SURFACE_NOT_APPROVED',
  'NARROWED_PROJECT',
  'SHARD_MISMATCH',
  'SANDBOX_RECORD_OTHER_SUITE',
  'UNHANDLED_ERRORS',
  'SUITE_ERRORS',
  'INTERRUPTED',
  'NARROWED_TEST_NAME',
  'NARROWED_FILES',
  'NARROWED_TAGS',
  'NARROWED_ONLY',
  'SHARD_UNMERGED',
  'UNSIGNED_LIVE',
  'SANDBOX_RECORD_MISSING',
  'SANDBOX_RECORD_INVALID',
] as const;
export type NotReadyCode = (typeof NOT_READY_CODES)[number];

export const notReadyReasonSchema = z.strictObject({
  code: z.enum(NOT_READY_CODES),
  message: z.string(),
  area: z.enum(AREA_IDS).optional(),
  testId: z.string().optional(),
  /** The profile item or matcher the reason is about. */
  matcher: z.string().optional(),
  /** Where the docs show how to fix it. */
  docs: z.string().optional(),
});
export type NotReadyReason = z.infer<typeof notReadyReasonSchema>;

export const sandboxLinkSchema = z.strictObject({
  id: z.string(),
  verified: z.boolean(),
  ready: z.boolean(),
  productSurface: z.string().optional(),
  finishedAt: z.string().optional(),
  keyid: z.string().optional(),
  /** The sandbox run's own area statuses, shown beside the live ones. */
  areas: z.array(z.strictObject({ id: z.enum(AREA_IDS), status: z.enum(AREA_STATUSES) })).optional(),
  /** Whether the sandbox record covers the same suite (spec names and digests) as this run. */
  sameSuite: z.boolean().optional(),
  problem: z.string().optional(),
});
export type SandboxLink = z.infer<typeof sandboxLinkSchema>;

export const runFactsSchema = z.strictObject({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  reason: z.enum(['passed', 'failed', 'interrupted']),
  unhandledErrors: z.number().int().nonnegative(),
  /** Spec files or suites that errored outside any test (import errors, failing hooks). */
  suiteErrors: z.array(z.strictObject({ file: z.string(), name: z.string(), message: z.string() })),
  versions: z.strictObject({ vitest: z.string(), node: z.string(), plugin: z.string() }),
  git: z.strictObject({ commit: z.string(), dirty: z.boolean() }).nullable(),
  filters: z.strictObject({
    testNamePattern: z.string().nullable(),
    /** File filters and spec files of the config's own set that did not run. */
    files: z.array(z.string()),
    /** Projects the config defines that did not run (`--project`). */
    projects: z.array(z.string()),
    tagsFilter: z.array(z.string()),
    only: z.boolean(),
  }),
  shards: z.strictObject({
    /** `i/n` when this run itself was one shard. */
    shard: z.string().nullable(),
    /** Number of blob reports merged (0 when not a merged run). */
    merged: z.number().int().nonnegative(),
    complete: z.boolean(),
    /** Why merged blobs cannot be bound to this checkout (other commit, other spec digests). */
    mismatches: z.array(z.string()),
  }),
  /** Profile items the `require` option added, per area. */
  require: z.partialRecord(z.enum(AREA_IDS), z.array(z.string())),
  signer: z.strictObject({ kind: z.enum(['configured', 'ephemeral']), keyid: z.string() }),
});
export type RunFacts = z.infer<typeof runFactsSchema>;

export const launchPredicateSchema = z.strictObject({
  readiness: launchReadinessSchema,
  /** The run's product surface, or null when none was configured. */
  productSurface: z.string().nullable(),
  ready: z.boolean(),
  partial: z.boolean(),
  environment: z.enum(ENVIRONMENTS),
  notReadyReasons: z.array(notReadyReasonSchema),
  areas: z.array(areaResultSchema),
  tests: z.array(testResultSchema),
  untagged: z.array(untaggedTestSchema),
  waivers: z.strictObject({
    used: z.array(waiverSchema.extend({ testId: z.string() })),
    ignored: z.array(z.strictObject({ waiver: z.unknown(), reason: z.string() })),
  }),
  compliance: z.strictObject({ reference: z.string(), approvedBy: z.string() }).nullable(),
  sandboxRecord: sandboxLinkSchema.nullable(),
  run: runFactsSchema,
});
export type LaunchPredicate = z.infer<typeof launchPredicateSchema>;

export const subjectSchema = z.strictObject({
  name: z.string(),
  digest: z.record(z.string(), z.string()),
});
export type Subject = z.infer<typeof subjectSchema>;

export const statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: launchPredicateSchema,
});
export type LaunchStatement = z.infer<typeof statementSchema>;

export const envelopeSchema = z.strictObject({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })).min(1),
});
export type Envelope = z.infer<typeof envelopeSchema>;
