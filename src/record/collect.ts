import { hash } from 'node:crypto';
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

/** Each checked evidence block's content digest, remembered for the object: equal evidence is told apart without serialising it again. */
const CONTENT = new WeakMap<Evidence, string>();

/** One-shot `hash`, not a Hash object per artifact: 1.8 against 4.9 µs for a 1.5 kB JSON on this machine. */
const sha256 = (json: string): string => hash('sha256', json, 'base64');

function remember(evidence: Evidence, json: string): Evidence {
  CONTENT.set(evidence, sha256(json));
  return evidence;
}

/** A digest of the evidence block's content (its JSON): equal digests, equal evidence. */
export function evidenceDigest(evidence: Evidence): string {
  const known = CONTENT.get(evidence);
  if (known !== undefined) return known;
  remember(evidence, JSON.stringify(evidence));
  return CONTENT.get(evidence)!;
}

/**
 * An evidence artifact's evidence, or null when it fails the schema: dropped, never trusted.
 * Matchers redact before recording; this is the backstop for evidence recorded some other
 * way, and it copies only evidence that still holds something to mask.
 */
export function checkEvidenceArtifact(artifact: { type: string }): Evidence | null {
  const parsed = evidenceSchema.safeParse((artifact as { evidence?: unknown }).evidence);
  if (!parsed.success) return null;
  const json = JSON.stringify(parsed.data);
  // Strings are masked for the whole predicate before signing; only credential headers need their own rule here.
  if (!UNMASKED_CREDENTIAL_HEADER.test(json)) return remember(parsed.data, json);
  const masked = redactDeep(parsed.data);
  return remember(masked, JSON.stringify(masked));
}

/**
 * Artifacts the reporter checked as they arrived (`onTestCaseArtifactRecord`), while the main
 * process waited on the workers, so the run's end does not check ten thousand at once. One
 * not found here (a merged blob's, or a list Vitest rebuilt) is checked when collected.
 */
export type CheckedArtifacts = WeakMap<object, Evidence | null>;

/**
 * Checks evidence artifacts as they arrive. Equal evidence (a generated suite records the
 * same block in thousands of tests) becomes one shared, never-mutated object, so the report
 * builds its view once and holds one copy; which test recorded it stays with the test.
 */
export class EvidenceIntake {
  readonly checked: CheckedArtifacts = new WeakMap();
  readonly #shared = new Map<string, Evidence>();
  /** The evidence that each distinct content, by the digest of its JSON as recorded, passed the schema as. */
  readonly #byRecorded = new Map<string, Evidence>();

  take(artifact: { type: string }): void {
    // Content that passed before, with the same JSON, is that evidence: the record holds JSON, so
    // nothing new is claimed, and it is not parsed and masked again. Only passes are remembered:
    // an artifact the schema refused (a Date where a string belongs, say) keeps no JSON-equal
    // valid one out.
    const recorded = recordedDigest(artifact);
    const known = recorded === undefined ? undefined : this.#byRecorded.get(recorded);
    if (known !== undefined) {
      this.checked.set(artifact, known);
      return;
    }
    const result = this.#check(artifact);
    if (recorded !== undefined && result !== null) this.#byRecorded.set(recorded, result);
    this.checked.set(artifact, result);
  }

  #check(artifact: { type: string }): Evidence | null {
    const evidence = checkEvidenceArtifact(artifact);
    if (evidence === null) return null;
    const digest = evidenceDigest(evidence);
    const shared = this.#shared.get(digest);
    if (shared === undefined) this.#shared.set(digest, evidence);
    return shared ?? evidence;
  }
}

/** The digest of an artifact's evidence as recorded, or undefined when it has no JSON (a cycle, a BigInt). */
function recordedDigest(artifact: { type: string }): string | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify((artifact as { evidence?: unknown }).evidence);
  } catch {
    return undefined;
  }
  return json === undefined ? undefined : sha256(json);
}

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

/** One test as the record holds it; `file` is its module's path as the record shows it. */
export function collectTest(test: ReportedTest, file: string, checked?: CheckedArtifacts): CollectedTest {
  const areas = [...new Set(test.tags.map(areaOfTag).filter((a): a is AreaId => a !== undefined))];
  const state = testState(test);
  const diagnostic = test.diagnostic();
  return {
    id: test.id,
    fullName: test.fullName,
    file,
    line: test.location?.line,
    column: test.location?.column,
    areas,
    state,
    durationMs: Math.max(0, diagnostic?.duration ?? 0),
    failure: state === 'failed' ? failureMessage(test.result().errors) : undefined,
    inverted: test.options.fails === true,
    flaky: diagnostic?.flaky === true,
    evidence: evidenceOf(test, checked),
  };
}
