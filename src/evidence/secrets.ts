import { recordArtifact } from 'vitest';
import { runningTest } from './running-test.js';
import { SECRET_ARTIFACT_TYPE } from '../redaction/artifact.js';
import { fingerprintsOf, type Fingerprint } from '../redaction/fingerprint.js';
import { localRedactor } from '../redaction/local.js';

type RecordableTask = Parameters<typeof recordArtifact>[0];

/**
 * Values the matchers were handed as secrets (webhook secrets, keys under test). This
 * worker masks them at once in every form, in evidence and failure messages; the main
 * process learns them as fingerprints recorded on the running test (never the value), so
 * it can mask them in what other workers printed too.
 */
const registered = new Set<string>();
let unshipped: Fingerprint[] = [];
const shipping = new Set<Promise<unknown>>();

function ship(task: RecordableTask): void {
  if (unshipped.length === 0) return;
  const fingerprints = unshipped;
  unshipped = [];
  const recording = recordArtifact(task, { type: SECRET_ARTIFACT_TYPE, fingerprints }).catch(() => {
    unshipped.push(...fingerprints); // the test was gone: the next one carries them
  });
  shipping.add(recording);
  void recording.finally(() => shipping.delete(recording));
}

export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < 8 || registered.has(value)) return;
  registered.add(value);
  const redactor = localRedactor();
  if (!redactor.learnValue(value)) return;
  unshipped.push(...fingerprintsOf(value, redactor.shapes));
  const task = runningTest();
  if (task) ship(task);
}

export function knownSecrets(): string[] {
  return [...registered];
}

/**
 * For an `afterEach` hook of the matchers' setup file: records what was registered outside
 * a test (module scope, `beforeAll`) on this test, and waits until every fingerprint of
 * the test has been recorded, before Vitest reports it.
 */
export async function shipSecretFingerprints(context?: { task: RecordableTask }): Promise<void> {
  const task = context?.task ?? runningTest();
  if (task) ship(task);
  await Promise.all([...shipping]);
}
