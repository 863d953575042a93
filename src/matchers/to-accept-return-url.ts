import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { bodyExcerpt } from '../evidence/redact.js';
import type { Check } from '../evidence/types.js';
import { exchange, is2xx, is4xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { withTarget, type HttpTarget } from '../http/target.js';
import { openRedirectProbes, type RedirectProbe } from '../http/origins.js';
import { requireTarget, pathSchema } from './origin-targets.js';
import { finish, misuse, type MatcherOutcome, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

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

const schema = z.strictObject({
  path: pathSchema.optional(),
  method: z.string().min(1).default('POST'),
  field: z.string().min(1).default('returnUrl'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.record(z.string(), z.unknown()).default({}),
});

const EXCERPT = 160;

/** `HTTP 400 {"error":"amount required"}`: what a refusal said, shortened and redacted. */
function answer(ex: Exchange): string {
  const body = ex.response?.body.trim();
  const excerpt = body ? bodyExcerpt(body.length > EXCERPT ? `${body.slice(0, EXCERPT)}…` : body) : undefined;
  return excerpt ? `${outcomeText(ex)} ${excerpt}` : outcomeText(ex);
}

const NAME = 'toAcceptReturnUrl';

/** The checked call: where to send, how, and the open-redirect variants of the allowed URL. */
interface Plan {
  target: HttpTarget;
  path: string;
  method: string;
  field: string;
  body: Record<string, unknown>;
  /** The user's headers without `Idempotency-Key`: each request gets a fresh one. */
  headers: Record<string, string>;
  variants: RedirectProbe[];
}

interface Answers {
  first: Exchange;
  battery: Array<RedirectProbe & { ex: Exchange }>;
  again?: Exchange;
}

function plan(received: unknown, url: string, options: AcceptReturnUrlOptions, isNot: boolean): Plan {
  const { target, path: endpointPath } = requireTarget(NAME, received);
  if (typeof url !== 'string' || url.length === 0) misuse(NAME, 'expected the return URL (a string)');
  const parsed = schema.safeParse(options);
  if (!parsed.success) misuse(NAME, describeIssues(parsed.error.issues));
  const opts = parsed.data;
  const path = opts.path ?? endpointPath ?? misuse(NAME, 'options.path is required unless the target is endpoint(app, path)');
  // `.not.toAcceptReturnUrl(url)` asserts refusal of one URL; only the positive form, given
  // an allowed URL, runs the open-redirect battery derived from it.
  let variants: RedirectProbe[] = [];
  if (!isNot) {
    try {
      variants = openRedirectProbes(url);
    } catch {
      misuse(
        NAME,
        `expected an absolute return URL like https://shop.example/checkout/return, got ${JSON.stringify(url)}: the open-redirect variants are derived from its origin`,
      );
    }
  }
  const headers = Object.fromEntries(Object.entries(opts.headers).filter(([k]) => k.toLowerCase() !== 'idempotency-key'));
  return { target, path, method: opts.method.toUpperCase(), field: opts.field, body: opts.body, headers, variants };
}

/** The allowed URL, each variant, then the allowed URL again when there were variants. */
async function send(p: Plan, url: string): Promise<Answers> {
  return withTarget(p.target, async (ready) => {
    const sendUrl = (value: string): Promise<Exchange> =>
      exchange(ready, {
        method: p.method,
        path: p.path,
        headers: { 'content-type': 'application/json', ...p.headers, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ ...p.body, [p.field]: value }),
      });
    const first = await sendUrl(url);
    const battery: Answers['battery'] = [];
    for (const v of p.variants) battery.push({ ...v, ex: await sendUrl(v.url) });
    // The control again after the battery: a rate limit or state change would also refuse.
    const again = p.variants.length ? await sendUrl(url) : undefined;
    return { first, battery, again };
  });
}

/** `.not`: one URL, refused. */
function refusalOutcome({ path, method, field }: Plan, url: string, first: Exchange): MatcherOutcome {
  return {
    pass: !is4xx(first),
    summary: is4xx(first) ? `${method} ${path} refused ${url} (${outcomeText(first)})` : `${method} ${path} did not refuse ${url}: ${outcomeText(first)}`,
    details: [],
    evidence: {
      probes: [toProbe(first, url, '4xx', is4xx(first))],
      details: { url, path, method, field, openRedirectProbes: 0, positiveControl: 'not run: .not names no allowed URL' },
    },
  };
}

/** The positive control: a refusal counts only when the same request with the allowed URL was accepted, before and after. */
function controlPassed({ first, again }: Answers): boolean {
  return is2xx(first) && again !== undefined && is2xx(again);
}

/** The summary and the lines under it: a failed control first, then what was not refused. */
function judge({ path, method }: Plan, url: string, answers: Answers): { pass: boolean; summary: string; details: string[] } {
  const { first, battery, again } = answers;
  const controlled = controlPassed(answers);
  const accepted = battery.filter((b) => !is4xx(b.ex));
  const pass = controlled && accepted.length === 0;
  const details: string[] = [];
  let summary: string;
  if (!is2xx(first)) {
    summary = `${method} ${path} refused the allowed URL ${url} (${outcomeText(first)}), so its refusals of ${battery.length} open-redirect variants prove nothing`;
    details.push(
      `the route answered ${answer(first)}: send what it needs besides the URL with options.body (fields) and options.headers, or point path at the route that takes return URLs`,
    );
  } else if (!controlled) {
    summary = `${method} ${path} accepted ${url} at first but not after the ${battery.length} open-redirect variants (${outcomeText(again!)}), so their refusals prove nothing`;
    details.push(
      `the route answered ${answer(again!)} to the allowed URL the second time: a rate limit or state kept by the route refuses everything, not just the variants`,
    );
  } else {
    summary = accepted.length
      ? `${method} ${path} accepts ${url}, but also ${accepted.length} of ${battery.length} open-redirect variant(s)`
      : `${method} ${path} accepts ${url} (before and after the variants) and refuses ${battery.length} open-redirect variants`;
  }
  details.push(...accepted.map((b) => `${b.name} ${JSON.stringify(b.url)} was not refused: ${outcomeText(b.ex)}`));
  if (pass) details.push(...battery.map((b) => `refused ${b.name} ${JSON.stringify(b.url)}: ${outcomeText(b.ex)}`));
  return { pass, summary, details };
}

function evidence({ path, method, field }: Plan, url: string, answers: Answers): MatcherOutcome['evidence'] {
  const { first, battery, again } = answers;
  const controlled = controlPassed(answers);
  const notCounted = controlled ? '' : ' (not counted: the allowed URL was not accepted both times)';
  const checks: Check[] = [
    { name: 'positive control: accepts the allowed URL before the variants', ok: is2xx(first), detail: outcomeText(first) },
    { name: 'positive control: still accepts it after them', ok: again !== undefined && is2xx(again), detail: again ? outcomeText(again) : 'not sent' },
    ...battery.map((b) => ({
      name: `refuses ${b.name}`,
      ok: controlled && is4xx(b.ex),
      detail: `${b.url}: ${outcomeText(b.ex)}${is4xx(b.ex) ? notCounted : ''}`,
    })),
  ];
  return {
    probes: [
      toProbe(first, url, '2xx (positive control)', is2xx(first)),
      ...battery.map((b) => toProbe(b.ex, `${b.name}: ${b.url}`, `4xx${notCounted}`, controlled && is4xx(b.ex))),
      ...(again ? [toProbe(again, `${url} (again, after the variants)`, '2xx (positive control)', is2xx(again))] : []),
    ],
    checks,
    details: {
      url,
      path,
      method,
      field,
      openRedirectProbes: battery.length,
      positiveControl: { before: outcomeText(first), after: again ? outcomeText(again) : null, passed: controlled },
    },
  };
}

export async function toAcceptReturnUrl(this: MatcherState, received: unknown, url: string, options: AcceptReturnUrlOptions = {}) {
  const p = plan(received, url, options, this.isNot);
  const answers = await send(p, url);
  if (this.isNot) return finish(this, NAME, 'origins', 'target', refusalOutcome(p, url, answers.first));
  return finish(this, NAME, 'origins', 'target', { ...judge(p, url, answers), evidence: evidence(p, url, answers) });
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Sends `{ [field]: url }` (merged into `body`) as JSON; 2xx is acceptance, 4xx refusal.
       * The positive form also sends open-redirect variants of `url` (other host, prefix and
       * suffix look-alikes, userinfo, scheme-relative, backslash, encoded, `javascript:`)
       * and fails if any is not refused. Their refusals count only when `url` itself is
       * accepted before and after them (the positive control): a route that refuses
       * everything fails. `.not.toAcceptReturnUrl(url)` asserts one refusal. Each request
       * carries a fresh `Idempotency-Key`.
       *
       * @example
       * await expect(app).toAcceptReturnUrl('https://shop.example/checkout/return', { path: '/api/checkout/return-url' })
       */
      toAcceptReturnUrl(url: string, options?: AcceptReturnUrlOptions): Promise<void>;
    }
  }
}
