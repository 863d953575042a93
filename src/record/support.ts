import { areaOfMatcher, type AreaId } from '../areas.js';
import type { Evidence } from '../evidence/types.js';
import type { Environment, TestResult } from './schema.js';

/** The facts of one test row the support rules read (a row is one test in one area). */
export type SupportInput = Pick<TestResult, 'id' | 'fullName' | 'area' | 'state' | 'inverted' | 'evidence'>;

export interface RunScope {
  environment: Environment;
  productSurface: string | null;
}

export interface RowSupport {
  support: TestResult['support'];
  supportNotes: string[];
  /** Evidence that supports the row's area. */
  supporting: Evidence[];
  /** Launch matchers whose assertion failed although the test passed. */
  contradictions: Array<{ matcher: string; area: AreaId; how: 'swallowed' | 'inverted' }>;
}

/** The assertion the user wrote held: the matcher passed, or failed under `.not`. */
const assertionHeld = (e: Evidence) => e.pass !== e.negated;

/**
 * Evidence from a try that Vitest retried is kept in the record but never counts: per
 * repeat, only the last try's evidence does (a retry always raises the try counter).
 */
export function finalTries(evidence: readonly Evidence[]): Evidence[] {
  const last = new Map<number, number>();
  for (const e of evidence) last.set(e.repeat, Math.max(last.get(e.repeat) ?? 0, e.attempt));
  return evidence.filter((e) => e.attempt === last.get(e.repeat));
}

/** Why evidence whose assertion held still does not support the area, or undefined when it does. */
function scopeProblem(e: Evidence, run: RunScope): string | undefined {
  switch (e.matcher) {
    case 'toBeLaunchableSurface':
      if (run.productSurface === null) return `${e.matcher} judged ${e.scope.surface ?? 'a surface'}, but the run has no product surface configured`;
      return e.scope.surface === run.productSurface
        ? undefined
        : `${e.matcher} judged ${e.scope.surface ?? 'no surface'}, not the run's surface ${run.productSurface}`;
    case 'toBeKeyForEnvironment':
    case 'toEnable':
      return e.scope.environment === run.environment
        ? undefined
        : `${e.matcher} checked ${e.scope.environment ?? 'no environment'}, not the run's environment ${run.environment}`;
    default:
      return undefined;
  }
}

/**
 * Judges one test row by DESIGN's support rule: evidence supports the row's area only
 * when a launch matcher of that area recorded it with `pass: true`, not negated, in a
 * test that passed and is not `test.fails`, with a scope that matches the run. Pure.
 */
export function judgeRow(row: SupportInput, run: RunScope): RowSupport {
  const notes: string[] = [];
  const supporting: Evidence[] = [];
  const contradictions: RowSupport['contradictions'] = [];
  if (row.state !== 'passed') return { support: 'none', supportNotes: notes, supporting, contradictions };

  const final = finalTries(row.evidence);
  const stale = row.evidence.length - final.length;
  if (stale > 0) notes.push(`${stale} evidence block(s) from retried tries are kept but do not count`);

  for (const e of final) {
    const area = areaOfMatcher(e.matcher);
    if (area === undefined || area !== e.area) {
      notes.push(
        `evidence from ${e.matcher} names area ${e.area}${area ? `, but ${e.matcher} belongs to ${area}` : ', but it is not a launch matcher'}: ignored`,
      );
      continue;
    }
    if (!assertionHeld(e)) {
      contradictions.push({ matcher: e.matcher, area, how: row.inverted ? 'inverted' : 'swallowed' });
      continue;
    }
    if (area !== row.area) continue;
    if (row.inverted) {
      notes.push(`${e.matcher} passed inside test.fails, whose pass means its body failed: it supports nothing`);
      continue;
    }
    if (e.negated) {
      notes.push(`.not.${e.matcher} shows the opposite claim held; it is not evidence for ${row.area}`);
      continue;
    }
    const problem = scopeProblem(e, run);
    if (problem) {
      notes.push(problem);
      continue;
    }
    supporting.push(e);
  }
  const support = contradictions.length > 0 ? 'contradicts' : supporting.length > 0 ? 'supports' : 'unsupported';
  if (support === 'unsupported' && final.length === 0) notes.push(`no launch matcher of ${row.area} ran in this test`);
  return { support, supportNotes: notes, supporting, contradictions };
}
