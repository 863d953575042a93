import { z } from 'zod';
import { AREA_IDS, MATCHER_AREAS } from './areas.js';
import { ENVIRONMENTS, waiverSchema } from './record/schema.js';
import { LaunchError } from './errors.js';
import { describeIssues } from './base/zod-issues.js';

const regexSource = z
  .string()
  .min(1)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'expected a valid regular expression source');

/**
 * `require: { monitoring: ['toRaiseAlert'] }`: profile items added to an area's minimum.
 * Each must be a launch matcher of that area; there is no way to remove a minimum item.
 */
const requireSchema = z.partialRecord(z.enum(AREA_IDS), z.array(z.string().min(1))).superRefine((required, ctx) => {
  for (const [area, matchers] of Object.entries(required)) {
    (matchers ?? []).forEach((matcher, i) => {
      const own = (MATCHER_AREAS as Record<string, string>)[matcher];
      if (own !== area) {
        const ofArea = Object.entries(MATCHER_AREAS)
          .filter(([, a]) => a === area)
          .map(([m]) => m);
        ctx.addIssue({
          code: 'custom',
          path: [area, i],
          message: own ? `${matcher} is a matcher of ${own}, not ${area}` : `${matcher} is not a launch matcher of ${area} (one of: ${ofArea.join(', ')})`,
        });
      }
    });
  }
});

/** Options of `launchPlugin()` (and of the reporter, which accepts the same). */
export const launchOptionsSchema = z.strictObject({
  /** `sandbox` or `live`; defaults to `ZEROBIT_ENV`, then `sandbox`. */
  environment: z.enum(ENVIRONMENTS).optional(),
  /** The product surface the flow launches on, e.g. `0gate`. */
  productSurface: z.string().min(1).optional(),
  output: z
    .strictObject({
      dir: z.string().min(1).default('launch-evidence'),
      record: z.string().min(1).default('launch-record.json'),
      report: z.string().min(1).default('launch-report.html'),
    })
    .prefault({}),
  /** Ed25519 private key: PEM text or a path to a PEM file. `ZEROBIT_LAUNCH_SIGNING_KEY` wins. */
  signingKey: z.string().min(1).optional(),
  /** Public keys (PEM text or paths) trusted to have signed a linked sandbox record. */
  trustedKeys: z.array(z.string().min(1)).default([]),
  /** Path of the sandbox record a live run links to; `ZEROBIT_SANDBOX_RECORD` wins. */
  sandboxRecord: z.string().min(1).optional(),
  /** A linked sandbox record older than this many days is refused. */
  sandboxRecordMaxAgeDays: z.number().positive().default(30),
  /** Waivers inline, or the path of a YAML/JSON waiver file. */
  waivers: z.union([z.array(waiverSchema), z.string().min(1)]).optional(),
  /** Compliance approval for review-only surfaces. */
  complianceApproval: z.strictObject({ reference: z.string().min(1), approvedBy: z.string().min(1) }).optional(),
  /** Matchers an area must also have evidence from, beyond its minimum profile (docs/record.md). */
  require: requireSchema.default({}),
  /**
   * A run that is not ready exits non-zero (default). `false` keeps Vitest's own exit code,
   * for exploratory runs; the record still says NOT READY.
   */
  failOnNotReady: z.boolean().default(true),
  /** Credential shapes (regular expression sources) when they differ from 0Bit's defaults. */
  credentialShapes: z
    .strictObject({
      secretKey: regexSource.optional(),
      restrictedKey: regexSource.optional(),
      publishableKey: regexSource.optional(),
      clientSecret: regexSource.optional(),
      webhookSecret: regexSource.optional(),
    })
    .optional(),
});

export type LaunchOptions = z.input<typeof launchOptionsSchema>;
export type ResolvedLaunchOptions = z.output<typeof launchOptionsSchema>;

/** Validates options; the error names every bad option path and what was expected. */
export function parseLaunchOptions(input: unknown, where = 'launchPlugin()'): ResolvedLaunchOptions {
  const result = launchOptionsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new LaunchError('CONFIG_INVALID', `${where} options are invalid — ${describeIssues(result.error.issues)}`);
}

/**
 * The run's environment: the option, else `ZEROBIT_ENV`, else sandbox. Anything but
 * `sandbox`/`live` in `ZEROBIT_ENV` stops the run before any test (a typo must not turn a
 * live run into a sandbox one).
 */
export function runEnvironment(options: Pick<ResolvedLaunchOptions, 'environment'>, env: NodeJS.ProcessEnv = process.env): 'sandbox' | 'live' {
  if (options.environment) return options.environment;
  const raw = env.ZEROBIT_ENV;
  if (raw === undefined || raw === '') return 'sandbox';
  if (raw === 'sandbox' || raw === 'live') return raw;
  throw new LaunchError('CONFIG_INVALID', `ZEROBIT_ENV must be "sandbox" or "live", got ${JSON.stringify(raw.slice(0, 40))}`);
}

/** The run's product surface: the option, else `ZEROBIT_PRODUCT_SURFACE`; null when unset. */
export function runSurface(options: Pick<ResolvedLaunchOptions, 'productSurface'>, env: NodeJS.ProcessEnv = process.env): string | null {
  return options.productSurface ?? (env.ZEROBIT_PRODUCT_SURFACE || null);
}
