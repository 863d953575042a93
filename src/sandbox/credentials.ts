import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LaunchError } from '../errors.js';
import { randomAlnum } from '../base/random-id.js';
import { describeIssues } from '../base/zod-issues.js';

export interface SandboxCredentials {
  /** `sk_sandbox_…` (or `sk_live_…`): server-side only. */
  secretKey: string;
  /** `pk_sandbox_…`: safe to ship to browsers. */
  publishableKey: string;
  /** `whsec_<base64>`: signs webhook deliveries. */
  webhookSecret: string;
}

const credentialsSchema = z.strictObject({
  secretKey: z.string().min(8).optional(),
  publishableKey: z.string().min(8).optional(),
  webhookSecret: z.string().min(8).optional(),
});

/** Fills in every credential not given, fresh per sandbox, in the documented shapes. */
export function resolveCredentials(environment: 'sandbox' | 'live', given: unknown = {}): SandboxCredentials {
  const parsed = credentialsSchema.safeParse(given);
  if (!parsed.success) {
    throw new LaunchError('SANDBOX_OPTIONS_INVALID', `createSandbox(): ${describeIssues(parsed.error.issues, 'credentials')}`);
  }
  const c = parsed.data;
  const credentials: SandboxCredentials = {
    secretKey: c.secretKey ?? `sk_${environment}_${randomAlnum(32)}`,
    publishableKey: c.publishableKey ?? `pk_${environment}_${randomAlnum(32)}`,
    webhookSecret: c.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`,
  };
  const values = Object.values(credentials);
  if (new Set(values).size !== values.length) {
    throw new LaunchError('SANDBOX_OPTIONS_INVALID', 'createSandbox(): secretKey, publishableKey and webhookSecret must differ');
  }
  return Object.freeze(credentials);
}
