import { recordArtifact } from 'vitest';
import { EVIDENCE_ARTIFACT_TYPE, evidenceSchema, type Evidence, type EvidenceInput } from './types.js';
import { redactDeep } from './redact.js';

type RecordableTask = Parameters<typeof recordArtifact>[0];

/**
 * Redacts evidence and records it on the running test as a Vitest artifact, so it
 * reaches the reporter across worker boundaries and through `--merge-reports`.
 * Outside a test (no task) the evidence is returned but not recorded.
 */
export async function recordEvidence(task: RecordableTask | undefined, input: EvidenceInput): Promise<Evidence> {
  const evidence = redactDeep(evidenceSchema.parse(input));
  if (task) await recordArtifact(task, { type: EVIDENCE_ARTIFACT_TYPE, evidence });
  return evidence;
}
