import type { TestModule, Vitest } from 'vitest/node';
import { EVIDENCE_ARTIFACT_TYPE } from './types.js';
import { fingerprintsIn } from '../redaction/artifact.js';
import { maskOutput, type OutputStream } from '../redaction/output.js';
import { createRunRedactor, type RunRedactor, type Shapes } from '../redaction/redactor.js';

/** The run's redaction as the reporter drives it, in the main process. */
export interface RunRedaction {
  readonly redactor: RunRedactor;
  /**
   * Takes an artifact as it arrives: learns the fingerprints a secret artifact carries, and
   * masks an evidence artifact's texts (and its test's name) now, while the workers run, so
   * the pass before signing finds them done (any other artifact is ignored).
   */
  learnArtifact(artifact: unknown, test?: { fullName: string }): void;
  /** Learns every fingerprint recorded on the run's tests: call before anything prints results. */
  learnFromModules(modules: ReadonlyArray<TestModule>): void;
  /** Writes the output held back during the run, masked with everything learned. */
  release(): void;
}

/** Evidence texts masked together as they arrive: big enough for one pass to pay, small enough to go unnoticed. */
const PREPARE_BATCH = 4096;

function stringsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object') for (const key in value) stringsIn((value as Record<string, unknown>)[key], into);
}

/**
 * What `learnArtifact` does with each artifact that arrives during a run: learns a secret
 * artifact's fingerprints; masks evidence texts in batches (the redactor remembers them).
 */
export function artifactIntake(redactor: RunRedactor): (artifact: unknown, test?: { fullName: string }) => void {
  const arrived = new Set<string>();
  return (artifact, test) => {
    redactor.learn(fingerprintsIn(artifact));
    if ((artifact as { type?: unknown } | null)?.type !== EVIDENCE_ARTIFACT_TYPE) return;
    stringsIn((artifact as { evidence?: unknown }).evidence, arrived);
    if (test) arrived.add(test.fullName);
    if (arrived.size < PREPARE_BATCH) return;
    redactor.changed(arrived);
    arrived.clear();
  };
}

/**
 * A terminal someone is watching shows Vitest's progress live, masked with what is known at
 * each write. Anything else — a CI log, a pipe, a file — is kept, so nothing a worker
 * registers late can have been written unmasked; it is written when the run ends.
 */
function isInteractive(stream: OutputStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true && !process.env.CI;
}

/**
 * Starts redaction for a run: reads the environment's secrets, and masks everything
 * Vitest's logger writes from now on. Call it in the reporter's `onInit`, before a
 * composed reporter binds the logger's streams.
 */
export function startRunRedaction(vitest: Vitest, options: { shapes?: Shapes; env?: Readonly<Record<string, string | undefined>> } = {}): RunRedaction {
  const redactor = createRunRedactor({ env: options.env ?? process.env, shapes: options.shapes });
  const logger = vitest.logger;
  const output = maskOutput({ stdout: logger.outputStream, stderr: logger.errorStream }, redactor, { hold: !isInteractive(logger.outputStream) });
  const release = () => output.release();
  const take = artifactIntake(redactor);
  // A run that ends early (an error before the end, Ctrl-C, process.exit) still gets its output.
  logger.onTerminalCleanup(release);
  vitest.onClose(release);
  return {
    redactor,
    learnArtifact: take,
    learnFromModules(modules) {
      for (const module of modules)
        for (const test of module.children.allTests()) for (const artifact of test.artifacts()) redactor.learn(fingerprintsIn(artifact));
    },
    release,
  };
}
