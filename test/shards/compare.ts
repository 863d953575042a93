import { Writable } from 'node:stream';
import type { LaunchPredicate } from '../../src/record/schema.js';

/** Swallows Vitest's output; ignores end() because Vitest pipes worker output into it. */
export class Capture extends Writable {
  text = '';
  override end(): this {
    return this;
  }
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/**
 * What must be equal between a sharded-and-merged and an unsharded record: everything but
 * run ids, times, durations and the shard bookkeeping. Tests are sorted because shards finish
 * in any order.
 */
export function comparable(p: LaunchPredicate) {
  const { run, tests, untagged, ...rest } = p;
  return {
    ...rest,
    tests: tests
      // Evidence carries timings, ports and ids that differ run to run; what it proved does not.
      .map(({ durationMs: _d, evidence, ...t }) => ({
        ...t,
        evidence: evidence.map((e) => ({ matcher: e.matcher, area: e.area, pass: e.pass, negated: e.negated, scope: e.scope })),
      }))
      .sort((a, b) => `${a.file}${a.fullName}${a.area}`.localeCompare(`${b.file}${b.fullName}${b.area}`)),
    untagged: [...untagged].sort((a, b) => a.fullName.localeCompare(b.fullName)),
    run: {
      reason: run.reason,
      unhandledErrors: run.unhandledErrors,
      suiteErrors: run.suiteErrors,
      filters: run.filters,
      versions: run.versions,
      git: run.git,
      signerKind: run.signer.kind,
    },
  };
}
