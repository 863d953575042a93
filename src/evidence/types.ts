import { z } from 'zod';
import { AREA_IDS } from '../areas.js';

/** The artifact type every matcher records; the reporter reads only this type. */
export const EVIDENCE_ARTIFACT_TYPE = '0bit-launch:evidence' as const;

/** One HTTP request a matcher sent, and what came back. Headers and bodies are redacted. */
export const probeSchema = z.object({
  name: z.string(),
  expected: z.string(),
  ok: z.boolean(),
  request: z.object({
    method: z.string(),
    path: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  }),
  response: z
    .object({
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.string().optional(),
    })
    .optional(),
  error: z.string().optional(),
  durationMs: z.number().nonnegative(),
});
export type Probe = z.infer<typeof probeSchema>;

/** One scanner finding: never the raw value, only its masked form. */
export const findingSchema = z.object({
  kind: z.string(),
  masked: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  note: z.string().optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** One check a matcher made that is not an HTTP probe (a rule, a capability, a file). */
export const checkSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string().optional(),
});
export type Check = z.infer<typeof checkSchema>;

export const evidenceScopeSchema = z.strictObject({
  environment: z.enum(['sandbox', 'live']).optional(),
  surface: z.string().optional(),
  signals: z.array(z.string()).optional(),
  dimensions: z.array(z.string()).optional(),
});
export type EvidenceScope = z.infer<typeof evidenceScopeSchema>;

export const evidenceSchema = z.object({
  matcher: z.string(),
  area: z.enum(AREA_IDS),
  /** The matcher's own verdict, before `.not` is applied. */
  pass: z.boolean(),
  /** Whether the assertion was negated with `.not`. */
  negated: z.boolean().default(false),
  summary: z.string(),
  probes: z.array(probeSchema).default([]),
  findings: z.array(findingSchema).default([]),
  checks: z.array(checkSchema).default([]),
  /** Small structured facts (counts, ids); redacted like everything else. */
  details: z.record(z.string(), z.unknown()).default({}),
  /**
   * What the evidence proves, in the terms the verdict checks against the run: the surface
   * judged, the environment checked, the alert signals covered, the capability dimensions
   * named. Evidence whose scope does not match the run supports nothing (docs/record.md).
   */
  scope: evidenceScopeSchema.default({}),
  /** The try (0 = first) and repeat of the test that recorded it; only the final try counts. */
  attempt: z.number().int().nonnegative().default(0),
  repeat: z.number().int().nonnegative().default(0),
});
export type Evidence = z.infer<typeof evidenceSchema>;
export type EvidenceInput = z.input<typeof evidenceSchema>;

export interface EvidenceArtifact {
  type: typeof EVIDENCE_ARTIFACT_TYPE;
  evidence: Evidence;
}

declare module 'vitest' {
  interface TestArtifactRegistry {
    '0bit-launch:evidence': EvidenceArtifact & {
      attachments?: never[];
      location?: { file: string; line: number; column: number };
    };
  }
}
