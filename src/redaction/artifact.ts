import { z } from 'zod';
import { fingerprintSchema, type Fingerprint } from './fingerprint.js';

/**
 * A worker's registered secrets travel to the main process as fingerprints recorded with
 * Vitest's `recordArtifact` on the running test, so they also survive blob reports and
 * `--merge-reports`. The record never copies them (it keeps evidence artifacts only).
 */
export const SECRET_ARTIFACT_TYPE = '0bit-launch:secret' as const;

const secretArtifactSchema = z.object({
  type: z.literal(SECRET_ARTIFACT_TYPE),
  fingerprints: z.array(fingerprintSchema).max(10_000),
});

export interface SecretArtifact {
  type: typeof SECRET_ARTIFACT_TYPE;
  fingerprints: Fingerprint[];
  attachments?: never[];
}

declare module 'vitest' {
  interface TestArtifactRegistry {
    '0bit-launch:secret': SecretArtifact;
  }
}

/** The fingerprints an artifact carries: none for other artifact types or malformed ones. */
export function fingerprintsIn(artifact: unknown): Fingerprint[] {
  if ((artifact as { type?: unknown } | null)?.type !== SECRET_ARTIFACT_TYPE) return [];
  const parsed = secretArtifactSchema.safeParse(artifact);
  return parsed.success ? parsed.data.fingerprints : [];
}
