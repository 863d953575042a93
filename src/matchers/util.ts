import type { MatcherState } from 'vitest';
import type { AreaId } from '../areas.js';
import { LaunchError } from '../errors.js';
import { recordEvidence } from '../evidence/record.js';
import { redactString } from '../evidence/redact.js';
import type { EvidenceInput } from '../evidence/types.js';
import { runningTest } from '../evidence/running-test.js';

export type { MatcherState };

export interface MatcherOutcome {
  pass: boolean;
  /** One line saying what was proved or found; it becomes the evidence summary. */
  summary: string;
  /** Why it failed (or, under `.not`, why it passed): lines shown under the hint. */
  details: string[];
  evidence?: Omit<EvidenceInput, 'matcher' | 'area' | 'pass' | 'negated' | 'summary'>;
}

type RecordableTask = Parameters<typeof recordEvidence>[0];

function evidenceInput(state: MatcherState, matcher: string, area: AreaId, outcome: MatcherOutcome): EvidenceInput {
  const result = taskOf(state)?.result;
  return {
    matcher,
    area,
    pass: outcome.pass,
    negated: state.isNot,
    summary: outcome.summary,
    ...outcome.evidence,
    attempt: result?.retryCount ?? 0,
    repeat: result?.repeatCount ?? 0,
  };
}

function result(state: MatcherState, matcher: string, received: string, outcome: MatcherOutcome) {
  return {
    pass: outcome.pass,
    message: () => {
      const hint = state.utils.matcherHint(`.${matcher}`, received, '', { isNot: state.isNot });
      const body = [outcome.summary, ...outcome.details.map((d) => `  • ${d}`)].join('\n');
      return redactString(`${hint}\n\n${body}`);
    },
  };
}

const taskOf = (state: MatcherState) => (state as MatcherState & { task?: RecordableTask }).task;

/**
 * Checks, before a matcher runs, that its evidence will land on the test that called it.
 * The global `expect` resolves "the current test" to whichever test started last, so in
 * `test.concurrent` it can name a neighbour; the test context's `expect` cannot.
 */
export function guardTestBinding(state: MatcherState, matcher: string): void {
  const named = taskOf(state);
  const running = runningTest();
  if (named && running && named !== running) {
    misuse(
      matcher,
      `called through the global expect inside the concurrent test "${running.name}", so its evidence would be recorded on "${named.name}": use the test context's expect — test.concurrent('…', async ({ expect }) => { … })`,
    );
  }
}

/**
 * Records the outcome as evidence on the current test and turns it into Vitest's
 * `{ pass, message }`. Every message is redacted before Vitest sees it.
 */
export async function finish(
  state: MatcherState,
  matcher: string,
  area: AreaId,
  received: string,
  outcome: MatcherOutcome,
): Promise<{ pass: boolean; message: () => string }> {
  guardTestBinding(state, matcher);
  await recordEvidence(taskOf(state), evidenceInput(state, matcher, area, outcome));
  return result(state, matcher, received, outcome);
}

const pending = new Set<Promise<unknown>>();

/**
 * The synchronous twin of `finish` for matchers users call without `await`. Recording an
 * artifact is asynchronous, so it is tracked and awaited by `flushEvidence` in an
 * `afterEach` hook the setup file registers, before Vitest closes the test.
 */
export function finishSync(
  state: MatcherState,
  matcher: string,
  area: AreaId,
  received: string,
  outcome: MatcherOutcome,
): { pass: boolean; message: () => string } {
  guardTestBinding(state, matcher);
  const recording = recordEvidence(taskOf(state), evidenceInput(state, matcher, area, outcome));
  pending.add(recording);
  void recording.finally(() => pending.delete(recording));
  return result(state, matcher, received, outcome);
}

export async function flushEvidence(): Promise<void> {
  await Promise.all([...pending]);
}

/** A misused matcher throws at the user's call with a one-line reason. */
export function misuse(matcher: string, message: string): never {
  const error = new LaunchError('MATCHER_MISUSE', `${matcher}: ${message}`);
  Error.captureStackTrace?.(error, misuse);
  throw error;
}
