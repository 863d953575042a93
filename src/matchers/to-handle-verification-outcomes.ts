import { z } from 'zod';
import { isLaunchError } from '../errors.js';
import type { Check } from '../evidence/types.js';
import { PROGRAMME_OF, VERIFICATION_STATUSES, VERIFICATION_TYPES, type VerificationStatus, type VerificationType } from '../sandbox/verification.js';
import { finish, misuse, type MatcherOutcome, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

const NAME = 'toHandleVerificationOutcomes';

/** What an integration recorded for one verification session. */
export interface RecordedVerification {
  /** The status it stored (0Bit's word by default; map yours with the `statuses` option). */
  status: string;
  /** Whether it lets the person or business through as verified. */
  verified: boolean;
}

/** The parts of `createSandbox()` the matcher drives. */
export interface VerificationSandbox {
  readonly environment: 'sandbox' | 'live';
  readonly verifications: {
    get(id: string): { id: string; type: VerificationType; status: VerificationStatus } | undefined;
    verify(id: string): unknown;
    reject(id: string, reason?: string): unknown;
    review(id: string, reason?: string): unknown;
    expire(id: string): unknown;
  };
  readonly events: ReadonlyArray<{ id: string; type: string; data: { object: unknown } }>;
  readonly deliveries: ReadonlyArray<{ eventId: string; ok: boolean; status: number | null }>;
  flush(): Promise<void>;
}

/** The integration under test, as the matcher drives it through the sandbox. */
export interface VerificationIntegration {
  /** The sandbox the integration talks to; its webhooks must reach the integration (`sandbox.deliverTo(…)`). */
  sandbox: VerificationSandbox;
  /** Starts a hosted verification through the integration, as a customer would; resolves to the session id it created (`vs_…`). */
  start(type: VerificationType): Promise<string> | string;
  /** What the integration recorded for that verification session. */
  state(id: string): Promise<RecordedVerification> | RecordedVerification;
}

export interface VerificationOutcomesOptions {
  /** Who is verified: `individual` (KYC), `business` (KYB); default both. */
  types?: VerificationType[];
  /** The outcomes to drive; default all five. `pending` is checked first in every scenario. */
  outcomes?: VerificationStatus[];
  /** The integration's own word for an outcome when it is not 0Bit's (`{ needs_review: 'in_review' }`). */
  statuses?: Partial<Record<VerificationStatus, string>>;
}

const sandboxSchema = z.custom<VerificationSandbox>(
  (v) =>
    typeof (v as VerificationSandbox)?.verifications?.verify === 'function' &&
    typeof (v as VerificationSandbox)?.flush === 'function' &&
    Array.isArray((v as VerificationSandbox)?.deliveries) &&
    Array.isArray((v as VerificationSandbox)?.events),
  'expected a sandbox from createSandbox()',
);
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const receivedSchema = z.strictObject({ sandbox: sandboxSchema, start: fn, state: fn });
const optionsSchema = z.strictObject({
  types: z.array(z.enum(VERIFICATION_TYPES)).min(1).optional(),
  outcomes: z.array(z.enum(VERIFICATION_STATUSES)).min(1).optional(),
  statuses: z.partialRecord(z.enum(VERIFICATION_STATUSES), z.string().min(1)).optional(),
});
const recordedSchema = z.object({ status: z.string(), verified: z.boolean() });

/** Each scenario: the outcomes the sandbox plays after `pending`, in order. A review ends in a decision. */
const SCENARIOS: Record<Exclude<VerificationStatus, 'pending'>, readonly VerificationStatus[]> = {
  verified: ['verified'],
  rejected: ['rejected'],
  needs_review: ['needs_review', 'verified'],
  expired: ['expired'],
};

interface Exercised {
  type: VerificationType;
  programme: 'kyc' | 'kyb';
  outcome: VerificationStatus;
  verification: string;
  recorded?: string;
  verified?: boolean;
  ok: boolean;
}

function play(sandbox: VerificationSandbox, id: string, outcome: VerificationStatus): void {
  if (outcome === 'verified') sandbox.verifications.verify(id);
  else if (outcome === 'rejected') sandbox.verifications.reject(id);
  else if (outcome === 'needs_review') sandbox.verifications.review(id);
  else if (outcome === 'expired') sandbox.verifications.expire(id);
}

/** The integration must have accepted the event that carried the outcome, or its record proves nothing. */
function delivery(sandbox: VerificationSandbox, id: string, outcome: VerificationStatus): { ok: boolean; detail: string } {
  const type = outcome === 'pending' ? 'verification_session.created' : `verification_session.${outcome}`;
  const event = sandbox.events.findLast((e) => e.type === type && (e.data.object as { id?: unknown })?.id === id);
  if (!event) return { ok: false, detail: `the sandbox emitted no ${type} for ${id}` };
  const attempts = sandbox.deliveries.filter((d) => d.eventId === event.id);
  if (attempts.length === 0) {
    misuse(
      NAME,
      `the sandbox delivered no webhook to the integration (${type}): give it the integration's endpoint — sandbox.deliverTo(endpoint(app, '/webhooks/…'))`,
    );
  }
  const accepted = attempts.some((d) => d.ok);
  const last = attempts.at(-1)!;
  return accepted
    ? { ok: true, detail: `${type} delivered` }
    : { ok: false, detail: `the integration refused ${type} (${last.status === null ? 'no answer' : `HTTP ${last.status}`})` };
}

type FinalOutcome = Exclude<VerificationStatus, 'pending'>;

/** The checked input: the integration under test and what to drive it through. */
interface Plan {
  sandbox: VerificationSandbox;
  start: VerificationIntegration['start'];
  state: VerificationIntegration['state'];
  types: VerificationType[];
  outcomes: VerificationStatus[];
  /** The final outcomes, one scenario each. */
  finals: FinalOutcome[];
  statuses?: VerificationOutcomesOptions['statuses'];
}

/** What the scenarios saw, step by step. */
interface Trace {
  exercised: Exercised[];
  checks: Check[];
  problems: string[];
  /** Outcomes the integration counted as verified although they are not. */
  misread: Set<VerificationStatus>;
}

function plan(received: unknown, options: VerificationOutcomesOptions | undefined): Plan {
  const input = receivedSchema.safeParse(received);
  if (!input.success) misuse(NAME, `received: ${describeIssues(input.error.issues)} — expected { sandbox, start(type), state(id) }`);
  const opts = optionsSchema.safeParse(options ?? {});
  if (!opts.success) misuse(NAME, describeIssues(opts.error.issues));
  const outcomes = opts.data.outcomes ?? [...VERIFICATION_STATUSES];
  return {
    sandbox: input.data.sandbox,
    start: input.data.start as VerificationIntegration['start'],
    state: input.data.state as VerificationIntegration['state'],
    types: opts.data.types ?? [...VERIFICATION_TYPES],
    outcomes,
    finals: outcomes.filter((o): o is FinalOutcome => o !== 'pending'),
    statuses: opts.data.statuses,
  };
}

/** Where `start` left a session of this sandbox of the right type, or a misuse. */
async function startSession({ sandbox, start }: Plan, type: VerificationType): Promise<string> {
  const id = String(await start(type));
  const session = sandbox.verifications.get(id);
  if (!session || session.type !== type) {
    misuse(
      NAME,
      `start(${JSON.stringify(type)}) resolved to ${JSON.stringify(id)}, which is not ${session ? `a ${type}` : 'a'} verification session of this sandbox: start must create it through the integration, against this sandbox`,
    );
  }
  return id;
}

/** What is wrong with what the integration recorded for `outcome`. */
function recordFaults(outcome: VerificationStatus, word: string, { status, verified }: RecordedVerification): string[] {
  const shouldVerify = outcome === 'verified';
  const faults: string[] = [];
  if (status !== word) faults.push(`recorded ${JSON.stringify(status)} instead of ${JSON.stringify(word)}`);
  if (verified !== shouldVerify) faults.push(shouldVerify ? 'does not treat it as verified' : `treats ${outcome} as verified (only verified may count)`);
  return faults;
}

/** Delivers what the sandbox emitted and checks what the integration recorded; false ends the scenario. */
async function observe(p: Plan, trace: Trace, type: VerificationType, id: string, outcome: VerificationStatus, label: string): Promise<boolean> {
  const programme = PROGRAMME_OF[type];
  const name = `${type} (${programme.toUpperCase()}) ${label}`;
  // A sandbox with nowhere to deliver refuses to flush: the integration could see nothing.
  // Only a sandbox with nowhere to deliver is the caller's wiring; any other failure is the sandbox's and keeps its code.
  await p.sandbox.flush().catch((error: unknown) => {
    if (isLaunchError(error, 'SANDBOX_NO_ENDPOINT')) misuse(NAME, error.message);
    throw error;
  });
  const delivered = delivery(p.sandbox, id, outcome);
  if (!delivered.ok) {
    trace.checks.push({ name, ok: false, detail: delivered.detail });
    trace.problems.push(`${name}, ${id}: ${delivered.detail}`);
    trace.exercised.push({ type, programme, outcome, verification: id, ok: false });
    return false;
  }
  const recorded = recordedSchema.safeParse(await p.state(id));
  if (!recorded.success)
    misuse(NAME, `state(${JSON.stringify(id)}) must return { status: string, verified: boolean } — ${describeIssues(recorded.error.issues)}`);
  const { status, verified } = recorded.data;
  const faults = recordFaults(outcome, p.statuses?.[outcome] ?? outcome, recorded.data);
  if (verified && outcome !== 'verified') trace.misread.add(outcome);
  const ok = faults.length === 0;
  trace.checks.push({ name, ok, detail: ok ? `recorded ${JSON.stringify(status)}, ${verified ? 'verified' : 'not verified'}` : faults.join('; ') });
  if (!ok) trace.problems.push(`${name}, ${id}: ${faults.join('; ')}`);
  trace.exercised.push({ type, programme, outcome, verification: id, recorded: status, verified, ok });
  return ok;
}

/** One session: `pending` when asked for, then the scenario's outcomes until one is mishandled. */
async function runScenario(p: Plan, trace: Trace, type: VerificationType, final: FinalOutcome | undefined): Promise<void> {
  const id = await startSession(p, type);
  // "pending" is where every verification begins: checked in each scenario when asked for.
  if (p.outcomes.includes('pending') && !(await observe(p, trace, type, id, 'pending', 'pending'))) return;
  let previous: VerificationStatus = 'pending';
  for (const outcome of final ? SCENARIOS[final] : []) {
    play(p.sandbox, id, outcome);
    const label = previous === 'pending' ? outcome : `${previous} → ${outcome}`;
    if (!(await observe(p, trace, type, id, outcome, label))) break;
    previous = outcome;
  }
}

function outcome(p: Plan, { exercised, checks, problems, misread }: Trace): MatcherOutcome {
  const pass = problems.length === 0;
  const covered = VERIFICATION_STATUSES.filter((s) => exercised.some((e) => e.outcome === s));
  const programmes = p.types.map((t) => `${t} (${PROGRAMME_OF[t].toUpperCase()})`).join(' and ');
  const summary = pass
    ? `the integration recorded every verification outcome and counted only verified as verified: ${programmes} × ${covered.join(', ')}`
    : misread.size > 0
      ? `the integration treats ${[...misread].join(' and ')} as verified`
      : `the integration did not record every verification outcome (${problems.length} of ${checks.length} steps)`;
  return {
    pass,
    summary,
    details: pass ? [] : problems,
    evidence: {
      checks,
      details: {
        environment: p.sandbox.environment,
        types: p.types,
        outcomes: covered,
        exercised,
        ...(p.statuses && { statuses: p.statuses }),
      },
      // Outcomes are played by the simulator, so this is sandbox evidence whatever keys the simulation uses.
      scope: { environment: 'sandbox' },
    },
  };
}

async function toHandleVerificationOutcomes(this: MatcherState, received: unknown, options?: VerificationOutcomesOptions) {
  const p = plan(received, options);
  const trace: Trace = { exercised: [], checks: [], problems: [], misread: new Set() };
  for (const type of p.types) {
    for (const final of p.finals.length > 0 ? p.finals : [undefined]) await runScenario(p, trace, type, final);
  }
  return finish(this, NAME, 'availability', 'integration', outcome(p, trace));
}

/** The KYC/KYB outcomes matcher of the `availability` area. */
export const verificationOutcomesMatchers = { toHandleVerificationOutcomes };

declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Drives an integration through every hosted KYC (individual) and KYB (business)
       * verification outcome in the sandbox — pending, needs review (then the review's
       * decision), verified, rejected, expired — and checks after each signed webhook that
       * it recorded the outcome and counts only `verified` as verified. The evidence lists
       * every outcome exercised.
       *
       * @example
       * await expect({ sandbox, start: (type) => startVerification(type), state: (id) => verificationOf(id) }).toHandleVerificationOutcomes()
       */
      toHandleVerificationOutcomes(options?: VerificationOutcomesOptions): Promise<void>;
    }
  }
}
