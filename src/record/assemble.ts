import { relative } from 'node:path';
import type { TestModule } from 'vitest/node';
import { redactString } from '../evidence/redact.js';
import { applyWaivers } from '../waivers.js';
import { collectTest, type CheckedArtifacts, type CollectedTest, type ReportedTest } from './collect.js';
import { decideVerdict, type VerdictInput } from './verdict.js';
import type { LaunchPredicate, RunFacts, SandboxLink, TestResult } from './schema.js';

export interface CollectedRun {
  tests: CollectedTest[];
  suiteErrors: RunFacts['suiteErrors'];
}

const displayPath = (root: string, file: string) => relative(root, file).split('\\').join('/');

/** A module's tests as the record holds them. */
export function collectModuleTests(module: TestModule, root: string, checked?: CheckedArtifacts): CollectedTest[] {
  const file = displayPath(root, module.moduleId);
  const tests: CollectedTest[] = [];
  for (const test of module.children.allTests()) tests.push(collectTest(test as unknown as ReportedTest, file, checked));
  return tests;
}

/**
 * Every test of the run and every error outside a test, through Vitest's public reporter API.
 * `ended` holds the tests of modules collected when they ended (`onTestModuleEnd`: their
 * results are final by then); the rest are collected now.
 */
export function collectRun(
  modules: ReadonlyArray<TestModule>,
  root: string,
  checked?: CheckedArtifacts,
  ended?: ReadonlyMap<TestModule, CollectedTest[]>,
): CollectedRun {
  const tests: CollectedTest[] = [];
  const suiteErrors: RunFacts['suiteErrors'] = [];
  for (const module of modules) {
    const file = displayPath(root, module.moduleId);
    for (const error of module.errors()) suiteErrors.push({ file, name: 'module', message: redactString(error.message ?? String(error)) });
    for (const suite of module.children.allSuites()) {
      for (const error of suite.errors()) suiteErrors.push({ file, name: suite.fullName, message: redactString(error.message ?? String(error)) });
    }
    for (const test of ended?.get(module) ?? collectModuleTests(module, root, checked)) tests.push(test);
  }
  return { tests, suiteErrors };
}

export interface PredicateInput {
  collected: CollectedRun;
  waivers: unknown[];
  now: Date;
  environment: LaunchPredicate['environment'];
  productSurface: string | null;
  compliance: LaunchPredicate['compliance'];
  sandboxRecord: SandboxLink | null;
  run: RunFacts;
}

/**
 * Collected tests → one row per (test, area) → the verdict → the predicate. Pure: what
 * the reporter signs is exactly what `verify` re-derives from.
 */
export function assemblePredicate(input: PredicateInput): LaunchPredicate {
  const { tests: collected } = input.collected;
  const waived = applyWaivers(collected, input.waivers, input.now);
  const rows = collected.flatMap((t) =>
    t.areas.map((area) => ({
      id: t.id,
      fullName: t.fullName,
      file: t.file,
      line: t.line,
      column: t.column,
      area,
      state: t.state,
      durationMs: t.durationMs,
      failure: t.failure,
      waiver: waived.byTestId.get(t.id),
      flaky: t.flaky,
      inverted: t.inverted,
      evidence: t.evidence,
    })),
  );
  const verdictInput: VerdictInput = {
    environment: input.environment,
    productSurface: input.productSurface,
    tests: rows,
    run: input.run,
    sandboxRecord: input.sandboxRecord,
    complianceApproved: input.compliance !== null,
    require: input.run.require,
  };
  const verdict = decideVerdict(verdictInput);
  // Each row becomes its test result in place (the rows are this function's own): ten thousand rows are not copied.
  const tests: TestResult[] = rows.map((row, i) => Object.assign(row, verdict.tests[i]!));
  return {
    readiness: verdict.readiness,
    productSurface: input.productSurface,
    ready: verdict.ready,
    partial: verdict.partial,
    environment: input.environment,
    notReadyReasons: verdict.notReadyReasons,
    areas: verdict.areas,
    tests,
    untagged: collected.filter((t) => t.areas.length === 0).map((t) => ({ id: t.id, fullName: t.fullName, file: t.file, state: t.state })),
    waivers: { used: waived.used, ignored: waived.ignored },
    compliance: input.compliance,
    sandboxRecord: input.sandboxRecord,
    run: input.run,
  };
}
