import { z } from 'zod';
import { ENVIRONMENTS } from '../record/schema.js';
import { capabilityResponseSchema, type CapabilityFlag } from '../contract/capabilities.js';
import { AVAILABILITY_DIMENSIONS } from '../areas.js';
import type { Check } from '../evidence/types.js';
import { finish, finishSync, misuse, type MatcherOutcome, type MatcherState } from './util.js';
import { runContext } from './run-context.js';
import { describeIssues } from '../base/zod-issues.js';

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
    verification: z
      .array(z.enum(['kyc', 'kyb']))
      .min(1)
      .optional(),
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

function flagCheck(dimension: string, id: string, flag: CapabilityFlag | undefined, known: string[]): Check {
  if (!flag)
    return {
      name: `${dimension} ${id}`,
      ok: false,
      detail: `${dimension} ${id} is unknown to the capability response (it lists: ${known.join(', ') || 'nothing'})`,
    };
  return flag.enabled
    ? { name: `${dimension} ${id}`, ok: true, detail: 'enabled' }
    : { name: `${dimension} ${id}`, ok: false, detail: `${dimension} ${id} is disabled${flag.reason ? `: ${flag.reason}` : ''}` };
}

/**
 * Where the capability response came from, as the evidence shows it: fetched during the
 * run (seen by the matcher as a fetch `Response`, or declared with its URL), or given as a
 * literal, with who confirmed it.
 */
export type CapabilitySource =
  | {
      kind: 'fetched';
      /** True when the matcher read the fetch `Response` itself; false when the URL was declared. */
      observed: boolean;
      url: string | null;
      status: number | null;
      /** ISO time of the fetch: the response's Date header, the declared time, or when the matcher read it. */
      fetchedAt: string | null;
      timeFrom: 'date-header' | 'declared' | 'read' | null;
      confirmedBy: string | null;
    }
  | { kind: 'literal'; confirmedBy: string | null; confirmedAt: string | null };

/** Provenance to declare next to a response: where it was fetched, or who confirmed a literal. */
export interface DeclaredSource {
  /** The URL it was fetched from (absolute http(s)). */
  url?: string;
  /** When it was fetched (ISO 8601). */
  fetchedAt?: string;
  /** Who confirmed a literal response: 0Bit support, the account manager, a ticket. */
  confirmedBy?: string;
  /** When they confirmed it (ISO 8601 date or time). */
  confirmedAt?: string;
}

/** `toEnable`'s received value with its provenance: `{ response, source }`. */
export interface CapabilitiesWithSource {
  response: unknown;
  source?: DeclaredSource;
}

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 date or time');
const declaredSourceSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).optional(),
    fetchedAt: isoTime.optional(),
    confirmedBy: z.string().trim().min(1).optional(),
    confirmedAt: isoTime.optional(),
  })
  .refine((s) => s.url !== undefined || s.confirmedBy !== undefined, 'name url (where it was fetched) or confirmedBy (who confirmed it)');

const isResponse = (value: unknown): value is Response => typeof Response !== 'undefined' && value instanceof Response;

/** `{ response, source? }` and nothing else: the provenance wrapper, not a capability response. */
function isWrapper(value: unknown): value is CapabilitiesWithSource {
  if (typeof value !== 'object' || value === null || isResponse(value) || !Object.hasOwn(value, 'response')) return false;
  return Object.keys(value).every((k) => k === 'response' || k === 'source');
}

interface Sourced {
  raw: unknown;
  source: CapabilitySource;
  /** A fetched response that was not 2xx: nothing to judge. */
  refused?: string;
}

async function readResponse(res: Response, declared: DeclaredSource | undefined, parse: ((raw: unknown) => unknown) | undefined): Promise<Sourced> {
  if (res.bodyUsed) misuse('toEnable', 'the Response body was already read: pass the Response before reading it, or { response: json, source: { url } }');
  const date = res.headers.get('date');
  const fetchedAt = date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : new Date().toISOString();
  const source: CapabilitySource = {
    kind: 'fetched',
    observed: true,
    url: res.url || declared?.url || null,
    status: res.status,
    fetchedAt,
    timeFrom: date ? 'date-header' : 'read',
    confirmedBy: declared?.confirmedBy ?? null,
  };
  const text = await res.text();
  if (!res.ok) return { raw: undefined, source, refused: `the capability request${source.url ? ` to ${source.url}` : ''} answered HTTP ${res.status}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    misuse('toEnable', `the capability response${source.url ? ` from ${source.url}` : ''} is not JSON`);
  }
  return { raw: parse ? parse(json) : json, source };
}

function literalSource(declared: DeclaredSource | undefined): CapabilitySource {
  if (declared?.url) {
    return {
      kind: 'fetched',
      observed: false,
      url: declared.url,
      status: null,
      fetchedAt: declared.fetchedAt ?? null,
      timeFrom: declared.fetchedAt ? 'declared' : null,
      confirmedBy: declared.confirmedBy ?? null,
    };
  }
  return { kind: 'literal', confirmedBy: declared?.confirmedBy ?? null, confirmedAt: declared?.confirmedAt ?? null };
}

function describeSource(source: CapabilitySource): string {
  if (source.kind === 'literal')
    return source.confirmedBy ? `given as a literal, confirmed by ${source.confirmedBy}` : 'given as a literal; no one named as confirming it';
  const where = source.url ?? 'an unnamed URL';
  return `${source.observed ? 'fetched' : 'declared fetched'} from ${where}${source.fetchedAt ? ` at ${source.fetchedAt}` : ''}`;
}

type EnableOptionsParsed = z.infer<typeof enableOptionsSchema>;

function judge(opts: EnableOptionsParsed, input: Sourced): MatcherOutcome {
  const environment = opts.environment ?? runContext()?.environment;
  const source = describeSource(input.source);
  if (input.refused) {
    return {
      pass: false,
      summary: input.refused,
      details: [source],
      evidence: {
        checks: [{ name: 'capability response fetched', ok: false, detail: input.refused }],
        details: { source: input.source, ...(environment && { checkedFor: environment }) },
      },
    };
  }
  const parsed = capabilityResponseSchema.safeParse(input.raw);
  if (!parsed.success) {
    misuse(
      'toEnable',
      `the received value is not a capability response { environment, products, regions, assets, methods, verification } — ${describeIssues(parsed.error.issues)}; pass { parse } for another shape`,
    );
  }
  // Region, asset and the rest are judged only by this response, never by a built-in list.
  const caps = parsed.data;
  const checks: Check[] = [];
  // Without an environment option the response must be for the run's own environment.
  if (environment) {
    const ok = caps.environment === environment;
    checks.push({ name: 'environment', ok, detail: ok ? caps.environment : `the capability response is for ${caps.environment}, not ${environment}` });
  }
  for (const [option, key] of DIMENSIONS) {
    const wanted = opts[option];
    for (const id of wanted === undefined ? [] : [wanted].flat()) checks.push(flagCheck(option, id, caps[key][id], Object.keys(caps[key])));
  }
  for (const programme of opts.verification ?? []) checks.push(flagCheck('verification', programme, caps.verification[programme], []));
  const failed = checks.filter((c) => !c.ok);
  const pass = failed.length === 0;
  return {
    pass,
    summary: pass
      ? `the ${caps.environment} capability response enables ${checks.map((c) => c.name).join(', ')} (${source})`
      : `the ${caps.environment} capability response does not enable ${failed.map((c) => c.name).join(', ')} (${source})`,
    details: (pass ? checks : failed).map((c) => c.detail ?? c.name),
    evidence: {
      checks,
      // `environment` is the response's own field; `checkedFor` the environment it had to be for.
      details: { environment: caps.environment, ...(environment && { checkedFor: environment }), source: input.source },
      scope: {
        ...(environment && caps.environment === environment ? { environment } : {}),
        dimensions: AVAILABILITY_DIMENSIONS.filter((d) => opts[d] !== undefined),
      },
    },
  };
}

function toEnable(this: MatcherState, received: unknown, options: unknown) {
  const opts = enableOptionsSchema.safeParse(options);
  if (!opts.success) misuse('toEnable', describeIssues(opts.error.issues));
  let response = received;
  let declared: DeclaredSource | undefined;
  if (isWrapper(received)) {
    response = received.response;
    if (received.source !== undefined) {
      const source = declaredSourceSchema.safeParse(received.source);
      if (!source.success) misuse('toEnable', `source: ${describeIssues(source.error.issues)}`);
      declared = source.data;
    }
  }
  // A fetch Response is read asynchronously: the call must then be awaited.
  if (isResponse(response)) {
    return readResponse(response, declared, opts.data.parse).then((input) => finish(this, 'toEnable', 'availability', 'capabilities', judge(opts.data, input)));
  }
  const raw = opts.data.parse ? opts.data.parse(response) : response;
  return finishSync(this, 'toEnable', 'availability', 'capabilities', judge(opts.data, { raw, source: literalSource(declared) }));
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
       * which dimension is disabled (with the response's reason) or unknown. The received
       * value is the response itself (a literal), the fetch `Response` (then await the call:
       * the evidence records the URL, time and status), or `{ response, source }` naming
       * where it was fetched or who confirmed it.
       *
       * @example
       * await expect(await fetch(`${api}/v1/capabilities`, { headers })).toEnable({ environment: 'live', product: '0gate', region: 'EU', asset: 'USDC', method: 'wallet' });
       */
      toEnable(options: EnableOptions): void | Promise<void>;
    }
  }
}
