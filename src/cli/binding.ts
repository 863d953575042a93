import type { LaunchPredicate } from '../record/schema.js';

/** What a deploy step binds a record to: every field given must match the record. */
export interface Binding {
  environment?: 'sandbox' | 'live';
  surface?: string;
  /** A full commit id or a prefix of at least 7 hex digits. */
  commit?: string;
  /** The run must have finished at most this many ms before `now`. */
  maxAgeMs?: number;
}

export type BindingCode = 'SIGNER_MISMATCH' | 'RECORD_ENVIRONMENT_MISMATCH' | 'RECORD_SURFACE_MISMATCH' | 'RECORD_COMMIT_MISMATCH' | 'RECORD_TOO_OLD';

export interface BindingProblem {
  code: BindingCode;
  message: string;
}

/** A record "finished" slightly ahead of this machine's clock is clock skew, not forgery. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * Why a verified record does not belong to this deploy: signed by a key other than the one
 * its predicate names, or for another environment, surface or commit, or too old. Pure:
 * the caller passes the key that verified and the time.
 */
export function bindingProblems(predicate: LaunchPredicate, verifiedKeyid: string, binding: Binding, now: Date): BindingProblem[] {
  const problems: BindingProblem[] = [];
  const { run } = predicate;
  if (run.signer.keyid !== verifiedKeyid) {
    problems.push({ code: 'SIGNER_MISMATCH', message: `the record says it was signed by key ${run.signer.keyid}, but it verified with key ${verifiedKeyid}` });
  }
  if (binding.environment && predicate.environment !== binding.environment) {
    problems.push({ code: 'RECORD_ENVIRONMENT_MISMATCH', message: `the record is for ${predicate.environment}, not ${binding.environment}` });
  }
  const surface = predicate.readiness.productSurface;
  if (binding.surface && surface !== binding.surface) {
    problems.push({ code: 'RECORD_SURFACE_MISMATCH', message: `the record is for product surface ${surface}, not ${binding.surface}` });
  }
  if (binding.commit) {
    const want = binding.commit.toLowerCase();
    if (!run.git)
      problems.push({ code: 'RECORD_COMMIT_MISMATCH', message: `the record names no git commit (the run was not in a git checkout); expected ${want}` });
    else if (!run.git.commit.toLowerCase().startsWith(want)) {
      problems.push({ code: 'RECORD_COMMIT_MISMATCH', message: `the record is of commit ${run.git.commit}, not ${want}` });
    } else if (run.git.dirty) {
      problems.push({
        code: 'RECORD_COMMIT_MISMATCH',
        message: `the record is of commit ${run.git.commit} with uncommitted changes, so it does not prove that commit`,
      });
    }
  }
  if (binding.maxAgeMs !== undefined) {
    const finished = Date.parse(run.finishedAt);
    const age = now.getTime() - finished;
    if (!Number.isFinite(finished))
      problems.push({ code: 'RECORD_TOO_OLD', message: `the record's finish time ${JSON.stringify(run.finishedAt)} is not a date` });
    else if (age > binding.maxAgeMs)
      problems.push({
        code: 'RECORD_TOO_OLD',
        message: `the run finished ${formatDuration(age)} ago (${run.finishedAt}), over the ${formatDuration(binding.maxAgeMs)} allowed`,
      });
    else if (age < -FUTURE_SKEW_MS)
      problems.push({ code: 'RECORD_TOO_OLD', message: `the run finished in the future (${run.finishedAt}); check this machine's clock` });
  }
  return problems;
}

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `90m`, `12h`, `7d`, `2w`, `30s` → ms; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
  return ms > 0 ? ms : undefined;
}

function formatDuration(ms: number): string {
  const [unit, size] = (Object.entries(UNITS) as Array<[string, number]>).reverse().find(([, n]) => ms >= n) ?? ['s', 1_000];
  return `${Math.round((ms / size) * 10) / 10}${unit}`;
}
