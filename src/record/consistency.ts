import { isDeepStrictEqual } from 'node:util';
import type { LaunchPredicate } from './schema.js';
import { decideVerdict, verdictInputOf } from './verdict.js';

/**
 * Re-derives the verdict from the signed predicate with the reporter's own pure function
 * and lists every claim that disagrees with it. A trusted key that signed `ready: true`
 * over failed areas (or a partial, interrupted, or unlinked live run) signed a lie; the
 * record is refused, not believed. Messages are not compared, only what they decide.
 * (Whether `run.signer.keyid` is the verifying key is a binding check: `verify` reports
 * it as SIGNER_MISMATCH, a sandbox link as a problem.)
 */
export function inconsistencies(predicate: LaunchPredicate): string[] {
  const problems: string[] = [];
  const derived = decideVerdict(verdictInputOf(predicate));
  if (derived.ready !== predicate.ready) problems.push(`ready is ${predicate.ready}, but the record's own facts make it ${derived.ready}`);
  if (derived.partial !== predicate.partial) problems.push(`partial is ${predicate.partial}, but the record's own filters make it ${derived.partial}`);
  if (!isDeepStrictEqual(derived.readiness, predicate.readiness)) problems.push('the readiness booleans disagree with the areas they stand for');
  const areas = new Map(predicate.areas.map((a) => [a.id, a]));
  if (predicate.areas.length !== derived.areas.length) problems.push(`the record lists ${predicate.areas.length} areas, not ${derived.areas.length}`);
  for (const area of derived.areas) {
    const claimed = areas.get(area.id);
    if (!claimed) problems.push(`area ${area.id} is missing`);
    else if (claimed.status !== area.status) problems.push(`area ${area.id} says ${claimed.status}, its tests and evidence make it ${area.status}`);
    else if (
      !isDeepStrictEqual(
        claimed.profile.map((p) => p.status),
        area.profile.map((p) => p.status),
      )
    )
      problems.push(`area ${area.id}'s evidence profile disagrees with its evidence`);
  }
  const codes = (reasons: ReadonlyArray<{ code: string }>) =>
    reasons
      .map((r) => r.code)
      .sort()
      .join(',');
  if (codes(derived.notReadyReasons) !== codes(predicate.notReadyReasons)) problems.push("the not-ready reasons disagree with the record's own facts");
  derived.tests.forEach((t, i) => {
    const claimed = predicate.tests[i]!;
    if (claimed.support !== t.support) problems.push(`test ${claimed.fullName} (${claimed.area}) says ${claimed.support}, its evidence makes it ${t.support}`);
  });
  return problems;
}
