import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Probe } from '../evidence/types.js';
import { corsExchange, corsVerdict, type CorsExchange } from '../http/cors-probes.js';
import { exchange, is2xx, is4xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { isEndpoint, isHttpTarget, type Endpoint, type HttpTarget } from '../http/target.js';
import { allowlistProblems, lookAlikeOrigins, openRedirectProbes } from '../scan/origins.js';
import { describeIssues, finish, finishSync, misuse, type MatcherState } from './util.js';

export interface AllowOriginOptions {
  /** The route a browser calls cross-origin (default `/`). */
  path?: string;
  /** The method of the actual request (default `GET`). */
  method?: string;
}

export interface OriginAllowlistOptions {
  environment: 'live' | 'sandbox';
}

export interface AcceptReturnUrlOptions {
  /** The route that takes the return URL (taken from the endpoint when the target is one). */
  path?: string;
  method?: string;
  /** The JSON field the URL is sent in (default `returnUrl`). */
  field?: string;
  /** Extra headers on every request; `Idempotency-Key` is replaced by a fresh one per request. */
  headers?: Record<string, string>;
  /** Extra JSON body fields merged into every request (e.g. `{ amount, currency }`). */
  body?: Record<string, unknown>;
}

function requireTarget(name: string, received: unknown): { target: HttpTarget; path?: string } {
  if (isEndpoint(received)) return { target: received.target, path: received.path };
  if (isHttpTarget(received)) return { target: received };
  return misuse(name, 'expected an HTTP target (base URL, app, handler) or endpoint(app, path) as the received value');
}

const pathSchema = z.string().startsWith('/', 'must start with "/"');
const allowOriginSchema = z.strictObject({ path: pathSchema.optional(), method: z.string().min(1).optional() });
const returnUrlSchema = z.strictObject({
  path: pathSchema.optional(),
  method: z.string().min(1).default('POST'),
  field: z.string().min(1).default('returnUrl'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.record(z.string(), z.unknown()).default({}),
});

function corsProbes(c: CorsExchange, name: string, expectAdmit: boolean): Probe[] {
  const expected = expectAdmit ? `Access-Control-Allow-Origin: ${c.origin}` : 'no Access-Control-Allow-Origin for this origin';
  return [c.preflight, c.actual].map((ex, i) => {
    const v = corsVerdict(ex, c.origin);
    return toProbe(ex, `${name} (${i === 0 ? 'preflight' : 'actual request'})`, expected, expectAdmit ? v.exact && v.problem === undefined : !v.admitted);
  });
}

async function toAllowOrigin(this: MatcherState, received: unknown, origin: string, options: AllowOriginOptions = {}) {
  const name = 'toAllowOrigin';
  const { target, path: endpointPath } = requireTarget(name, received);
  if (typeof origin !== 'string' || !/^https?:\/\/[^/]+$/.test(origin)) misuse(name, `expected an origin like https://shop.example, got ${JSON.stringify(origin)}`);
  const parsed = allowOriginSchema.safeParse(options);
  if (!parsed.success) misuse(name, describeIssues(parsed.error.issues));
  const path = parsed.data.path ?? endpointPath ?? '/';
  const method = (parsed.data.method ?? 'GET').toUpperCase();

  const main = await corsExchange(target, path, method, origin);
  const verdicts = [corsVerdict(main.preflight, origin), corsVerdict(main.actual, origin)];
  const allowed = verdicts.every((v) => v.exact && v.problem === undefined);
  const problems = verdicts.flatMap((v, i) => (v.exact ? [] : [`${i === 0 ? 'preflight' : 'actual request'}: ${v.problem ?? `no Access-Control-Allow-Origin (${outcomeText(i === 0 ? main.preflight : main.actual)})`}`]));
  // `.not.toAllowOrigin(x)` asserts that one origin is refused; the look-alike battery
  // belongs to the positive form, where admitting a look-alike must fail the assertion.
  const battery = this.isNot ? [] : await Promise.all(lookAlikeOrigins(origin).map(async (p) => ({ probe: p, c: await corsExchange(target, path, method, p.origin) })));
  const admittedLookAlikes = battery.filter(({ c }) => corsVerdict(c.preflight, c.origin).admitted || corsVerdict(c.actual, c.origin).admitted);
  const pass = allowed && admittedLookAlikes.length === 0;
  const lookAlikeLines = admittedLookAlikes.map(({ probe, c }) => `admits ${probe.name} ${c.origin}: ${corsVerdict(c.preflight, c.origin).problem ?? corsVerdict(c.actual, c.origin).problem ?? 'echoed'}`);
  const summary = !allowed
    ? `${method} ${path} does not admit ${origin} exactly`
    : admittedLookAlikes.length
      ? `${method} ${path} admits ${origin}, but also ${admittedLookAlikes.length} origin(s) it must refuse (reflection or loose matching)`
      : `${method} ${path} echoes ${origin} exactly${this.isNot ? '' : ` and refuses ${battery.length} look-alike origins`}`;
  return finish(this, name, 'origins', 'target', {
    pass,
    summary,
    details: [...problems, ...lookAlikeLines, ...(pass ? battery.map(({ probe, c }) => `refused ${probe.name} ${c.origin}`) : [])],
    evidence: {
      probes: [...corsProbes(main, origin, true), ...battery.flatMap(({ probe, c }) => corsProbes(c, probe.name, false))],
      checks: [
        { name: `admits ${origin} exactly`, ok: allowed },
        ...battery.map(({ probe, c }) => ({ name: `refuses ${probe.name}`, ok: !admittedLookAlikes.some((a) => a.c === c), detail: c.origin })),
      ],
      details: { origin, path, method, lookAlikes: battery.length },
    },
  });
}

function toBeExplicitOriginAllowlist(this: MatcherState, received: unknown, options: OriginAllowlistOptions) {
  const name = 'toBeExplicitOriginAllowlist';
  const environment = (options as OriginAllowlistOptions | undefined)?.environment;
  if (environment !== 'live' && environment !== 'sandbox') misuse(name, `options.environment must be 'live' or 'sandbox'`);
  const entries =
    typeof received === 'string'
      ? received.split(/[\s,]+/).filter(Boolean)
      : received instanceof Set || Array.isArray(received)
        ? [...received]
        : misuse(name, 'expected the allowed origins: an array, a Set, or a comma/space-separated string');
  if (!entries.every((e): e is string => typeof e === 'string')) misuse(name, 'every allowlist entry must be a string');
  const problems = allowlistProblems(entries, environment);
  const pass = problems.length === 0;
  return finishSync(this, name, 'origins', 'origins', {
    pass,
    summary: pass
      ? `${entries.length} explicit origin(s) fit for ${environment}: ${entries.join(', ')}`
      : `${problems.length} problem(s) in the ${environment} origin allowlist`,
    details: pass ? entries.map((e) => `${e}: explicit origin`) : problems.map((p) => `${JSON.stringify(p.entry)}: ${p.problem}`),
    evidence: {
      checks: entries.map((e) => ({ name: e, ok: !problems.some((p) => p.entry === e), detail: problems.filter((p) => p.entry === e).map((p) => p.problem).join('; ') || undefined })),
      details: { environment, entries },
    },
  });
}

async function toAcceptReturnUrl(this: MatcherState, received: unknown, url: string, options: AcceptReturnUrlOptions = {}) {
  const name = 'toAcceptReturnUrl';
  const { target, path: endpointPath } = requireTarget(name, received);
  if (typeof url !== 'string' || url.length === 0) misuse(name, 'expected the return URL (a string)');
  const parsed = returnUrlSchema.safeParse(options);
  if (!parsed.success) misuse(name, describeIssues(parsed.error.issues));
  const opts = parsed.data;
  const path = opts.path ?? endpointPath ?? misuse(name, 'options.path is required unless the target is endpoint(app, path)');
  const userHeaders = Object.fromEntries(Object.entries(opts.headers).filter(([k]) => k.toLowerCase() !== 'idempotency-key'));
  const sendUrl = (value: string): Promise<Exchange> =>
    exchange(target, {
      method: opts.method.toUpperCase(),
      path,
      headers: { 'content-type': 'application/json', ...userHeaders, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ...opts.body, [opts.field]: value }),
    });

  const main = await sendUrl(url);
  // `.not.toAcceptReturnUrl(url)` asserts refusal of one URL; only the positive form,
  // given an allowed URL, runs the open-redirect battery derived from it.
  let battery: Array<{ name: string; url: string; ex: Exchange }> = [];
  if (!this.isNot) {
    let probes: ReturnType<typeof openRedirectProbes> = [];
    try {
      probes = openRedirectProbes(url);
    } catch {
      probes = [];
    }
    for (const p of probes) battery.push({ ...p, ex: await sendUrl(p.url) });
  }
  const acceptedProbes = battery.filter((b) => !is4xx(b.ex));
  const pass = this.isNot ? !is4xx(main) : is2xx(main) && acceptedProbes.length === 0;
  const summary = this.isNot
    ? is4xx(main)
      ? `${opts.method} ${path} refused ${url} (${outcomeText(main)})`
      : `${opts.method} ${path} did not refuse ${url}: ${outcomeText(main)}`
    : !is2xx(main)
      ? `${opts.method} ${path} did not accept ${url}: ${outcomeText(main)}`
      : acceptedProbes.length
        ? `${opts.method} ${path} accepts ${url}, but also ${acceptedProbes.length} of ${battery.length} open-redirect variant(s)`
        : `${opts.method} ${path} accepts ${url} and refuses ${battery.length} open-redirect variants`;
  return finish(this, name, 'origins', 'target', {
    pass,
    summary,
    details: [
      ...acceptedProbes.map((b) => `${b.name} ${JSON.stringify(b.url)} was not refused: ${outcomeText(b.ex)}`),
      ...(pass ? battery.map((b) => `refused ${b.name} ${JSON.stringify(b.url)}: ${outcomeText(b.ex)}`) : []),
    ],
    evidence: {
      probes: [
        toProbe(main, url, this.isNot ? '4xx' : '2xx', this.isNot ? is4xx(main) : is2xx(main)),
        ...battery.map((b) => toProbe(b.ex, `${b.name}: ${b.url}`, '4xx', is4xx(b.ex))),
      ],
      details: { url, path, method: opts.method, field: opts.field, openRedirectProbes: battery.length },
    },
  });
}

/** Matchers of the `origins` area. */
export const originsMatchers = { toAllowOrigin, toBeExplicitOriginAllowlist, toAcceptReturnUrl };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Sends a CORS preflight and an actual request with `Origin: origin` and passes when
       * both echo the origin exactly (never `*`, never `null`). The positive form also
       * probes a random origin and look-alikes (`https://shop.example.evil.com`,
       * `https://evilshop.example`, a sibling subdomain, plain http, `null`) and fails if any
       * is admitted. `.not.toAllowOrigin(o)` asserts that `o` is refused.
       *
       * @example
       * await expect(app).toAllowOrigin('https://shop.example', { path: '/api/checkout/sessions', method: 'POST' })
       */
      toAllowOrigin(origin: string, options?: AllowOriginOptions): Promise<void>;
      /**
       * Passes when the allowlist names explicit origins only: no wildcard, no path, no
       * duplicates once normalised; in `live` also https only and no localhost, IP or
       * private hosts.
       *
       * @example
       * expect(['https://shop.example']).toBeExplicitOriginAllowlist({ environment: 'live' })
       */
      toBeExplicitOriginAllowlist(options: OriginAllowlistOptions): void;
      /**
       * Sends `{ [field]: url }` (merged into `body`) as JSON; 2xx is acceptance, 4xx refusal.
       * The positive form also sends open-redirect variants of `url` (other host, prefix and
       * suffix look-alikes, userinfo, scheme-relative, backslash, encoded, `javascript:`)
       * and fails if any is not refused. `.not.toAcceptReturnUrl(url)` asserts one refusal.
       * Each request carries a fresh `Idempotency-Key`.
       *
       * @example
       * await expect(app).toAcceptReturnUrl('https://shop.example/checkout/return', { path: '/api/checkout/return-url' })
       */
      toAcceptReturnUrl(url: string, options?: AcceptReturnUrlOptions): Promise<void>;
    }
  }
}
