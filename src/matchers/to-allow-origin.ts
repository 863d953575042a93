import { z } from 'zod';
import type { Check, Probe } from '../evidence/types.js';
import { corsExchange, corsVerdict, type CorsExchange } from '../http/cors-probes.js';
import { outcomeText, toProbe } from '../http/exchange.js';
import { withTarget, type HttpTarget } from '../http/target.js';
import { lookAlikeOrigins, type OriginProbe } from '../http/origins.js';
import { pathSchema, requireTarget } from './origin-targets.js';
import { finish, misuse, type MatcherOutcome, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

export interface AllowOriginOptions {
  /** The route a browser calls cross-origin (default `/`). */
  path?: string;
  /** The method of the actual request (default `GET`). */
  method?: string;
}

const schema = z.strictObject({ path: pathSchema.optional(), method: z.string().min(1).optional() });

/** Whether both requests of the exchange echo the origin exactly, and what was wrong if not. */
function admitsExactly(c: CorsExchange): { ok: boolean; problems: string[] } {
  const problems = [c.preflight, c.actual].flatMap((ex, i) => {
    const v = corsVerdict(ex, c.origin);
    if (v.exact && v.problem === undefined) return [];
    return [`${i === 0 ? 'preflight' : 'actual request'}: ${v.problem ?? `no Access-Control-Allow-Origin (${outcomeText(ex)})`}`];
  });
  return { ok: problems.length === 0, problems };
}

function admitsAtAll(c: CorsExchange): boolean {
  return corsVerdict(c.preflight, c.origin).admitted || corsVerdict(c.actual, c.origin).admitted;
}

function corsProbes(c: CorsExchange, name: string, expected: string, ok: boolean): Probe[] {
  return [c.preflight, c.actual].map((ex, i) => toProbe(ex, `${name} (${i === 0 ? 'preflight' : 'actual request'})`, expected, ok));
}

const NAME = 'toAllowOrigin';

interface Plan {
  target: HttpTarget;
  origin: string;
  path: string;
  method: string;
  lookAlikes: OriginProbe[];
}

interface Answers {
  main: CorsExchange;
  battery: Array<{ probe: OriginProbe; c: CorsExchange }>;
  again?: CorsExchange;
}

function plan(received: unknown, origin: string, options: AllowOriginOptions, isNot: boolean): Plan {
  const { target, path: endpointPath } = requireTarget(NAME, received);
  if (typeof origin !== 'string' || !/^https?:\/\/[^/]+$/.test(origin))
    misuse(NAME, `expected an origin like https://shop.example, got ${JSON.stringify(origin)}`);
  const parsed = schema.safeParse(options);
  if (!parsed.success) misuse(NAME, describeIssues(parsed.error.issues));
  const path = parsed.data.path ?? endpointPath ?? '/';
  const method = (parsed.data.method ?? 'GET').toUpperCase();
  // `.not.toAllowOrigin(x)` asserts that one origin is refused; the look-alike battery
  // belongs to the positive form, where admitting a look-alike must fail the assertion.
  const lookAlikes: OriginProbe[] = isNot ? [] : lookAlikeOrigins(origin);
  return { target, origin, path, method, lookAlikes };
}

/** The listed origin, each look-alike, then the listed origin again when there were look-alikes. */
async function send({ target, origin, path, method, lookAlikes }: Plan): Promise<Answers> {
  return withTarget(target, async (ready) => {
    const main = await corsExchange(ready, path, method, origin);
    const battery: Answers['battery'] = [];
    for (const probe of lookAlikes) battery.push({ probe, c: await corsExchange(ready, path, method, probe.origin) });
    // The control again after the battery: refusing everything by then (a rate limit) proves nothing.
    const again = battery.length ? await corsExchange(ready, path, method, origin) : undefined;
    return { main, battery, again };
  });
}

/** `.not`: one origin, not admitted exactly. */
function refusalOutcome({ origin, path, method }: Plan, main: CorsExchange): MatcherOutcome {
  const first = admitsExactly(main);
  return {
    pass: first.ok,
    summary: first.ok ? `${method} ${path} echoes ${origin} exactly` : `${method} ${path} does not admit ${origin} exactly`,
    details: first.problems,
    evidence: {
      probes: corsProbes(main, origin, 'no Access-Control-Allow-Origin for this origin', !first.ok),
      checks: [{ name: `refuses ${origin}`, ok: !first.ok }],
      details: { origin, path, method, lookAlikes: 0, positiveControl: 'not run: .not names no allowed origin' },
    },
  };
}

function allowOutcome({ origin, path, method }: Plan, { main, battery, again }: Answers): MatcherOutcome {
  // The positive control: a refused look-alike counts only when the listed origin was admitted, before and after.
  const first = admitsExactly(main);
  const second = again ? admitsExactly(again) : { ok: false, problems: [] };
  const controlled = first.ok && second.ok;
  const admitted = battery.filter(({ c }) => admitsAtAll(c));
  const pass = controlled && admitted.length === 0;
  const admittedLines = admitted.map(
    ({ probe, c }) => `admits ${probe.name} ${c.origin}: ${corsVerdict(c.preflight, c.origin).problem ?? corsVerdict(c.actual, c.origin).problem ?? 'echoed'}`,
  );
  const summary = !first.ok
    ? `${method} ${path} does not admit ${origin} exactly, so its refusals of ${battery.length} look-alike origins prove nothing`
    : !second.ok
      ? `${method} ${path} admitted ${origin} at first but not after the ${battery.length} look-alike origins, so their refusals prove nothing`
      : admitted.length
        ? `${method} ${path} admits ${origin}, but also ${admitted.length} origin(s) it must refuse (reflection or loose matching)`
        : `${method} ${path} echoes ${origin} exactly (before and after the look-alikes) and refuses ${battery.length} look-alike origins`;
  const notCounted = controlled ? '' : ' (not counted: the listed origin was not admitted both times)';
  const checks: Check[] = [
    { name: `admits ${origin} exactly`, ok: first.ok, detail: first.problems.join('; ') || 'positive control' },
    ...battery.map(({ probe, c }) => ({
      name: `refuses ${probe.name}`,
      ok: controlled && !admitsAtAll(c),
      detail: `${c.origin}${admitsAtAll(c) ? '' : notCounted}`,
    })),
    { name: `still admits ${origin} after the look-alikes`, ok: second.ok, detail: second.problems.join('; ') || 'positive control' },
  ];
  return {
    pass,
    summary,
    details: [
      ...first.problems,
      ...second.problems.map((p) => `after the look-alikes, ${p}`),
      ...admittedLines,
      ...(pass ? battery.map(({ probe, c }) => `refused ${probe.name} ${c.origin}`) : []),
    ],
    evidence: {
      probes: [
        ...corsProbes(main, origin, `Access-Control-Allow-Origin: ${origin} (positive control)`, first.ok),
        ...battery.flatMap(({ probe, c }) =>
          corsProbes(c, probe.name, `no Access-Control-Allow-Origin for this origin${notCounted}`, controlled && !admitsAtAll(c)),
        ),
        ...(again ? corsProbes(again, `${origin} again`, `Access-Control-Allow-Origin: ${origin} (positive control)`, second.ok) : []),
      ],
      checks,
      details: { origin, path, method, lookAlikes: battery.length, positiveControl: { before: first.ok, after: second.ok, passed: controlled } },
    },
  };
}

export async function toAllowOrigin(this: MatcherState, received: unknown, origin: string, options: AllowOriginOptions = {}) {
  const p = plan(received, origin, options, this.isNot);
  const answers = await send(p);
  return finish(this, NAME, 'origins', 'target', this.isNot ? refusalOutcome(p, answers.main) : allowOutcome(p, answers));
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Sends a CORS preflight and an actual request with `Origin: origin` and passes when
       * both echo the origin exactly (never `*`, never `null`). The positive form also
       * probes a random origin and look-alikes (`https://shop.example.evil.com`,
       * `https://evilshop.example`, a sibling subdomain, plain http, `null`) and fails if any
       * is admitted; their refusals count only when `origin` is admitted before and after
       * them (the positive control). `.not.toAllowOrigin(o)` asserts that `o` is refused.
       *
       * @example
       * await expect(app).toAllowOrigin('https://shop.example', { path: '/api/checkout/sessions', method: 'POST' })
       */
      toAllowOrigin(origin: string, options?: AllowOriginOptions): Promise<void>;
    }
  }
}
