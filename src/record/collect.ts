import { relative } from 'node:path';
import { areaOfTag, type AreaId } from '../areas.js';
import { redactDeep, redactString } from '../evidence/redact.js';
import { EVIDENCE_ARTIFACT_TYPE, evidenceSchema, type Evidence } from '../evidence/types.js';
import type { TestState } from './schema.js';

/** The parts of Vitest's reported test cases the record needs (public reporter API only). */
export interface ReportedTest {
  id: string;
  fullName: string;
  tags: readonly string[];
  location?: { line: number; column: number };
  options: { mode?: string; fails?: boolean };
  result(): { state: string; errors?: ReadonlyArray<{ message?: string; stack?: string }> };
  diagnostic(): { duration: number; flaky?: boolean } | undefined;
  artifacts(): ReadonlyArray<{ type: string }>;
}

export interface CollectedTest {
  id: string;
  fullName: string;
  file: string;
  line?: number;
  column?: number;
  areas: AreaId[];
  state: TestState;
  durationMs: number;
  failure?: string;
  /** Declared with `test.fails`. */
  inverted: boolean;
  /** Passed after a retry. */
  flaky: boolean;
  evidence: Evidence[];
}

export function testState(test: ReportedTest): TestState {
  const state = test.result().state;
  if (state === 'passed') return 'passed';
  if (state === 'failed') return 'failed';
  return test.options.mode === 'todo' ? 'todo' : 'skipped';
}

/** First error's message, redacted, one paragraph. */
export function failureMessage(errors: ReadonlyArray<{ message?: string }> | undefined): string | undefined {
  const message = errors?.[0]?.message;
  if (!message) return undefined;
  // Strip ANSI colours Vitest's diff printers add.
  return redactString(message.replace(/\u001b\[[0-9;]*m/g, '')).slice(0, 4_000);
}

/** A credential-bearing header whose value redactHeaders has not replaced yet. */
const UNMASKED_CREDENTIAL_HEADER = /"(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)":"(?!\[redacted\]")/i;

/**
 * An evidence artifact's evidence, or null when it fails the schema: dropped, never trusted.
 * Matchers redact before recording; this is the backstop for evidence recorded some other
 * way, and it copies only evidence that still holds something to mask.
 */
export function checkEvidenceArtifact(artifact: { type: string }): Evidence | null {
  const parsed = evidenceSchema.safeParse((artifact as { evidence?: unknown }).evidence);
  if (!parsed.success) return null;
  // Strings are masked for the whole predicate before signing; only credential headers need their own rule here.
  return UNMASKED_CREDENTIAL_HEADER.test(JSON.stringify(parsed.data)) ? redactDeep(parsed.data) : parsed.data;
}

/**
 * Artifacts the reporter checked as they arrived (`onTestCaseArtifactRecord`), while the main
 * process waited on the workers, so the run's end does not check ten thousand at once. One
 * not found here (a merged blob's, or a list Vitest rebuilt) is checked when collected.
 */
export type CheckedArtifacts = WeakMap<object, Evidence | null>;

export function evidenceOf(test: ReportedTest, checked?: CheckedArtifacts): Evidence[] {
  const out: Evidence[] = [];
  for (const artifact of test.artifacts()) {
    if (artifact.type !== EVIDENCE_ARTIFACT_TYPE) continue;
    let evidence = checked?.get(artifact);
    if (evidence === undefined) evidence = checkEvidenceArtifact(artifact);
    if (evidence) out.push(evidence);
  }
  return out;
}

export function collectTest(test: ReportedTest, moduleId: string, root: string, checked?: CheckedArtifacts): CollectedTest {
  const areas = [...new Set(test.tags.map(areaOfTag).filter((a): a is AreaId => a !== undefined))];
  const state = testState(test);
  return {
    id: test.id,
    fullName: test.fullName,
    file: relative(root, moduleId).split('\\').join('/'),
    line: test.location?.line,
    column: test.location?.column,
    areas,
    state,
    durationMs: Math.max(0, test.diagnostic()?.duration ?? 0),
    failure: state === 'failed' ? failureMessage(test.result().errors) : undefined,
    inverted: test.options.fails === true,
    flaky: test.diagnostic()?.flaky === true,
    evidence: evidenceOf(test, checked),
  };
}
