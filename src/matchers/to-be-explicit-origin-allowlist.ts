import { allowlistProblems } from '../http/origins.js';
import { finishSync, misuse, type MatcherState } from './util.js';

export interface OriginAllowlistOptions {
  environment: 'live' | 'sandbox';
}

export function toBeExplicitOriginAllowlist(this: MatcherState, received: unknown, options: OriginAllowlistOptions) {
  const name = 'toBeExplicitOriginAllowlist';
  const environment = (options as OriginAllowlistOptions | undefined)?.environment;
  if (environment !== 'live' && environment !== 'sandbox') misuse(name, `options.environment must be 'live' or 'sandbox'`);
  const entries =
    typeof received === 'string'
      ? received.split(/[\s,]+/).filter(Boolean)
      : received instanceof Set || Array.isArray(received)
        ? [...received]
        : misuse(name, 'expected the allowed origins: an array, a Set, or a comma/space-separated string');
  if (!entries.every((e): e is string => typeof e === 'string')) misuse(name, 'every allowlist entry must be a string');
  const problems = allowlistProblems(entries, environment);
  const pass = problems.length === 0;
  return finishSync(this, name, 'origins', 'origins', {
    pass,
    summary: pass
      ? `${entries.length} explicit origin(s) fit for ${environment}: ${entries.join(', ')}`
      : `${problems.length} problem(s) in the ${environment} origin allowlist`,
    details: pass ? entries.map((e) => `${e}: explicit origin`) : problems.map((p) => `${JSON.stringify(p.entry)}: ${p.problem}`),
    evidence: {
      checks: entries.map((e) => ({
        name: e,
        ok: !problems.some((p) => p.entry === e),
        detail:
          problems
            .filter((p) => p.entry === e)
            .map((p) => p.problem)
            .join('; ') || undefined,
      })),
      details: { environment, entries },
    },
  });
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Passes when the allowlist names explicit origins only: no wildcard, no path, no
       * duplicates once normalised; in `live` also https only and no localhost, IP or
       * private hosts.
       *
       * @example
       * expect(['https://shop.example']).toBeExplicitOriginAllowlist({ environment: 'live' })
       */
      toBeExplicitOriginAllowlist(options: OriginAllowlistOptions): void;
    }
  }
}
