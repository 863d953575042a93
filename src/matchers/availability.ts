import { z } from 'zod';
import { ENVIRONMENTS } from '../record/schema.js';
import { capabilityResponseSchema, type CapabilityFlag } from '../sandbox/capabilities.js';
import { AVAILABILITY_DIMENSIONS } from '../areas.js';
import { describeIssues, finishSync, misuse, type MatcherState } from './util.js';
import { runContext } from './run-context.js';

const DIMENSIONS = [
  ['product', 'products'],
  ['region', 'regions'],
  ['asset', 'assets'],
  ['method', 'methods'],
] as const;

const ids = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const enableOptionsSchema = z
  .strictObject({
    product: ids.optional(),
    region: ids.optional(),
    asset: ids.optional(),
    method: ids.optional(),
    environment: z.enum(ENVIRONMENTS).optional(),
    verification: z.array(z.enum(['kyc', 'kyb'])).min(1).optional(),
    parse: z.custom<(raw: unknown) => unknown>((v) => typeof v === 'function', 'expected a function').optional(),
  })
  .refine((o) => Object.keys(o).some((k) => k !== 'parse'), 'name at least one of product, region, asset, method, environment, verification');

export interface EnableOptions {
  product?: string | string[];
  region?: string | string[];
  asset?: string | string[];
  method?: string | string[];
  /** The environment the response must be for (`sandbox` | `live`); default: the run's. */
  environment?: 'sandbox' | 'live';
  /** Verification programmes that must be enabled. */
  verification?: Array<'kyc' | 'kyb'>;
  /** Turns a custom response shape into the documented one (the result is validated). */
  parse?: (raw: unknown) => unknown;
}

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

function flagCheck(dimension: string, id: string, flag: CapabilityFlag | undefined, known: string[]): Check {
  if (!flag) return { name: `${dimension} ${id}`, ok: false, detail: `${dimension} ${id} is unknown to the capability response (it lists: ${known.join(', ') || 'nothing'})` };
  return flag.enabled
    ? { name: `${dimension} ${id}`, ok: true, detail: 'enabled' }
    : { name: `${dimension} ${id}`, ok: false, detail: `${dimension} ${id} is disabled${flag.reason ? `: ${flag.reason}` : ''}` };
}

function toEnable(this: MatcherState, received: unknown, options: unknown) {
  const opts = enableOptionsSchema.safeParse(options);
  if (!opts.success) misuse('toEnable', describeIssues(opts.error.issues));
  const raw = opts.data.parse ? opts.data.parse(received) : received;
  const parsed = capabilityResponseSchema.safeParse(raw);
  if (!parsed.success) {
    misuse('toEnable', `the received value is not a capability response { environment, products, regions, assets, methods, verification } — ${describeIssues(parsed.error.issues)}; pass { parse } for another shape`);
  }
  // Region, asset and the rest are judged only by this response, never by a built-in list.
  const caps = parsed.data;
  const checks: Check[] = [];
  // Without an environment option the response must be for the run's own environment.
  const environment = opts.data.environment ?? runContext()?.environment;
  if (environment) {
    const ok = caps.environment === environment;
    checks.push({ name: 'environment', ok, detail: ok ? caps.environment : `the capability response is for ${caps.environment}, not ${environment}` });
  }
  for (const [option, key] of DIMENSIONS) {
    const wanted = opts.data[option];
    for (const id of wanted === undefined ? [] : [wanted].flat()) checks.push(flagCheck(option, id, caps[key][id], Object.keys(caps[key])));
  }
  for (const programme of opts.data.verification ?? []) checks.push(flagCheck('verification', programme, caps.verification[programme], []));
  const failed = checks.filter((c) => !c.ok);
  const pass = failed.length === 0;
  return finishSync(this, 'toEnable', 'availability', 'capabilities', {
    pass,
    summary: pass
      ? `the ${caps.environment} capability response enables ${checks.map((c) => c.name).join(', ')}`
      : `the ${caps.environment} capability response does not enable ${failed.map((c) => c.name).join(', ')}`,
    details: (pass ? checks : failed).map((c) => c.detail ?? c.name),
    evidence: {
      checks,
      details: { environment: caps.environment },
      scope: {
        ...(environment && caps.environment === environment ? { environment } : {}),
        dimensions: AVAILABILITY_DIMENSIONS.filter((d) => opts.data[d] !== undefined),
      },
    },
  });
}

/** Matchers of the `availability` area. */
export const availabilityMatchers = { toEnable };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * The capability response of the environment under test enables every product,
       * region, asset, method and verification programme the flow shows; the failure says
       * which dimension is disabled (with the response's reason) or unknown.
       *
       * @example
       * expect(sandbox.capabilities()).toEnable({ environment: 'sandbox', product: '0gate', region: 'EU', asset: 'USDC', method: 'wallet' });
       */
      toEnable(options: EnableOptions): void;
    }
  }
}
