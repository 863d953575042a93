import { z } from 'zod';
import type { Probe } from '../evidence/types.js';
import { burst } from '../http/concurrency.js';
import { is2xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { withTarget, type Endpoint } from '../http/target.js';
import type { EventTypeMap } from '../sandbox/events.js';
import { deliverSigned, post, signedHeaders } from '../webhooks/deliver.js';
import { completeEvent, reissue, type EventInput, type WebhookEvent } from '../webhooks/events.js';
import type { SignatureScheme } from '../webhooks/schemes.js';
import { eventTypesOption, probeEvents, sandboxOption, type ProbeEvents, type SandboxLike } from './event-source.js';
import {
  blindCounterLines,
  controlCheck,
  controlPassed,
  effectCount,
  readEffects,
  webhookWiring,
  type Effects,
  type EffectsControl,
} from './effects-control.js';
import {
  clockOption,
  describeEndpoint,
  eventOption,
  functionOption,
  parseOptions,
  registerSecrets,
  requireEndpoint,
  schemeOption,
  seconds,
  secretOption,
  signingFrom,
} from './webhook-options.js';
import { finish, type MatcherOutcome, type MatcherState } from './util.js';

export interface BeDuplicateSafeOptions {
  /** The endpoint's webhook secret (or current secrets); the sandbox's by default. */
  secret?: string | string[];
  scheme?: SignatureScheme;
  /**
   * The event to deliver (id/created added when absent). By default the sandbox's own
   * completion event of a session it really completed, when `sandbox` is given; else a
   * made-up completion about a new session.
   */
  event?: EventInput;
  /** How many times the side effect happened; it must move for the first deliveries. */
  effects: Effects;
  /** Sequential redeliveries; 5 by default. */
  deliveries?: number;
  /** Simultaneous identical deliveries; 5 by default. */
  concurrency?: number;
  /**
   * Events about the same object delivered out of order with the duplicates; by default the
   * event re-issued under new ids, one dated later and one earlier.
   */
  related?: EventInput[];
  /** The simulated sandbox: the default event comes from a real session, signed with its secret on its clock. */
  sandbox?: SandboxLike;
  /** The integration's names for the sandbox's event types (without a sandbox). */
  eventTypes?: EventTypeMap;
  /** The integration's clock in ms, when it runs on a virtual one; the sandbox's clock or `Date.now` by default. */
  now?: () => number;
}

const schema = z.strictObject({
  secret: secretOption.optional(),
  scheme: schemeOption,
  event: eventOption.optional(),
  effects: functionOption<Effects>('effects to be a function returning how many times the side effect happened'),
  deliveries: z.number().int().min(2).max(1000).default(5),
  concurrency: z.number().int().min(2).max(1000).default(5),
  related: z.array(eventOption).optional(),
  sandbox: sandboxOption.optional(),
  eventTypes: eventTypesOption.optional(),
  now: clockOption,
});

function deliveryProbes(exchanges: Exchange[], label: string, expected: string, ok: (ex: Exchange) => boolean): Probe[] {
  return exchanges.map((ex, i) => toProbe(ex, `${label} ${i + 1}/${exchanges.length}`, expected, ok(ex)));
}

function statuses(exchanges: Exchange[]): string {
  const counts = new Map<string, number>();
  for (const ex of exchanges) counts.set(outcomeText(ex), (counts.get(outcomeText(ex)) ?? 0) + 1);
  return [...counts].map(([text, n]) => (n > 1 ? `${text} ×${n}` : text)).join(', ');
}

type Options = z.output<typeof schema>;
type Signing = () => Parameters<typeof deliverSigned>[2];

interface Plan {
  opts: Options;
  /** Signed afresh at each delivery, as a sender's retry is. */
  signing: Signing;
  events: ProbeEvents;
  event: WebhookEvent;
  related: WebhookEvent[];
}

interface Deliveries {
  e0: number;
  e1: number;
  e2: number;
  e3: number;
  simultaneous: Exchange[];
  sequential: Exchange[];
  outOfOrder: Array<{ event: WebhookEvent; ex: Exchange }>;
}

function plan(name: string, options: BeDuplicateSafeOptions): Plan {
  const opts = parseOptions(name, schema, options);
  const { secrets, now } = signingFrom(name, opts);
  registerSecrets(secrets);
  const signing = () => ({ scheme: opts.scheme, secrets, timestamp: seconds(now) });
  const created = seconds(now);
  const events = probeEvents({ sandbox: opts.sandbox, event: opts.event, eventTypes: opts.eventTypes, created });
  const event: WebhookEvent = opts.event ? completeEvent(opts.event, created) : events.genuine();
  const related = opts.related ? opts.related.map((r) => completeEvent(r, created)) : [reissue(event, event.created + 60), reissue(event, event.created - 60)];
  return { opts, signing, events, event, related };
}

/** Reads the counter before and after each round: simultaneous, sequential, out of order. */
async function deliver(name: string, ep: Endpoint, { opts, signing, event, related }: Plan): Promise<Deliveries> {
  return withTarget(ep.target, async (target) => {
    const at = { target, path: ep.path };
    const e0 = await readEffects(opts.effects, name);
    // Byte-identical copies, all started before any is awaited: the race a retry storm causes.
    const headers = signedHeaders(event, signing());
    const body = JSON.stringify(event);
    const simultaneous = await burst(opts.concurrency, () => post(at, headers, body));
    const e1 = await readEffects(opts.effects, name);
    const sequential: Exchange[] = [];
    for (let i = 0; i < opts.deliveries; i++) sequential.push(await deliverSigned(at, event, signing()));
    const e2 = await readEffects(opts.effects, name);
    // Related events first, the original after them: a later event, then the older duplicate.
    const outOfOrder: Deliveries['outOfOrder'] = [];
    for (const r of related) {
      outOfOrder.push({ event: r, ex: await deliverSigned(at, r, signing()) });
      outOfOrder.push({ event, ex: await deliverSigned(at, event, signing()) });
    }
    const e3 = await readEffects(opts.effects, name);
    return { e0, e1, e2, e3, simultaneous, sequential, outOfOrder };
  });
}

/** The control: the burst must move the counter, or unchanged counts below prove nothing. */
function positiveControl(event: WebhookEvent, run: Deliveries): EffectsControl {
  return {
    subject: `the first deliveries of ${event.type} ${event.id}`,
    outcome: statuses(run.simultaneous),
    before: run.e0,
    after: run.e1,
    ran: run.simultaneous.some(is2xx),
  };
}

/** What went wrong in each round; the control's blind-counter lines come first. */
function judge({ opts, events, event, related }: Plan, run: Deliveries, control: EffectsControl): { failures: string[]; blind: string[] } {
  const { e0, e1, e2, e3, simultaneous, sequential, outOfOrder } = run;
  const counted = controlPassed(control);
  const blind = control.ran && !counted ? blindCounterLines(control, 'unchanged counts after the duplicates', webhookWiring(events.origin, event)) : [];
  const failures: string[] = [...blind];
  if (!control.ran) failures.push(`none of ${opts.concurrency} simultaneous deliveries of ${event.id} was accepted (${statuses(simultaneous)})`);
  else if (counted && e1 - e0 !== 1) {
    failures.push(
      `${opts.concurrency} simultaneous deliveries of ${event.id} caused ${effectCount(e1 - e0)} (expected 1): the duplicate check and the write race; make the write itself refuse duplicates (a unique constraint)`,
    );
  }
  const unacknowledged = sequential.filter((ex) => !is2xx(ex));
  if (unacknowledged.length)
    failures.push(
      `${unacknowledged.length} of ${opts.deliveries} sequential redeliveries of ${event.id} were not acknowledged with a 2xx (${statuses(unacknowledged)}), so the sender keeps retrying`,
    );
  if (e2 !== e1) failures.push(`${opts.deliveries} sequential redeliveries of ${event.id} caused ${effectCount(e2 - e1, 'more ')} (expected none)`);
  const refusedDuplicates = outOfOrder.filter((d) => d.event === event && !is2xx(d.ex));
  if (refusedDuplicates.length)
    failures.push(`redeliveries of ${event.id} among related events were not acknowledged (${statuses(refusedDuplicates.map((d) => d.ex))})`);
  if (e3 !== e2)
    failures.push(
      `delivering ${event.id} out of order with related events (${related.map((r) => `${r.type} ${r.id}`).join(', ')}) caused ${effectCount(e3 - e2, 'more ')} (expected none)`,
    );
  return { failures, blind };
}

function outcome(
  ep: Endpoint,
  { opts, events, event, related }: Plan,
  run: Deliveries,
  control: EffectsControl,
  { failures, blind }: { failures: string[]; blind: string[] },
): MatcherOutcome {
  const { e0, e1, e2, e3, simultaneous, sequential, outOfOrder } = run;
  const counted = controlPassed(control);
  const where = describeEndpoint(ep);
  const effects = { simultaneous: e1 - e0, sequential: e2 - e1, outOfOrder: e3 - e2 };
  const source =
    events.origin === 'sandbox' && !opts.event ? ` (the sandbox's event for session ${String((event.data as { object?: { id?: unknown } }).object?.id)})` : '';
  const notCounted = counted ? '' : ' (not counted: the effects counter did not move for the first deliveries)';
  return {
    pass: failures.length === 0,
    summary: failures.length
      ? failures.length === blind.length
        ? `${where}: the effects counter cannot see the deliveries of ${event.type} ${event.id}, so they prove nothing`
        : `${where} is not duplicate-safe for ${event.type} ${event.id}`
      : `${where} turned ${opts.concurrency} simultaneous, ${opts.deliveries} sequential and ${related.length} out-of-order deliveries of ${event.type} ${event.id}${source} into exactly one effect`,
    details: failures.length
      ? failures
      : [
          `positive control: effects ${e0} → ${e1} for the first deliveries`,
          `effects: simultaneous ${effects.simultaneous}, sequential ${effects.sequential}, out of order ${effects.outOfOrder}`,
        ],
    evidence: {
      probes: [
        ...deliveryProbes(simultaneous, 'simultaneous', 'one effect in all (positive control: the counter moves)', () => e1 - e0 === 1),
        ...deliveryProbes(sequential, 'sequential', `2xx, no further effect${notCounted}`, (ex) => is2xx(ex) && e2 === e1 && counted),
        ...outOfOrder.map((d, i) =>
          toProbe(
            d.ex,
            `out of order ${i + 1}/${outOfOrder.length}: ${d.event === event ? 'duplicate' : 'related'} ${d.event.id}`,
            `2xx, no further effect${notCounted}`,
            counted && e3 === e2 && (d.event !== event || is2xx(d.ex)),
          ),
        ),
      ],
      checks: [controlCheck(control)],
      details: {
        eventId: event.id,
        eventType: event.type,
        events: opts.event ? 'given' : events.origin,
        deliveries: opts.deliveries,
        concurrency: opts.concurrency,
        effects,
        positiveControl: { ran: control.ran, passed: counted, effectsBefore: e0, effectsAfter: e1 },
      },
    },
  };
}

export async function toBeDuplicateSafe(this: MatcherState, received: unknown, options: BeDuplicateSafeOptions) {
  const name = 'toBeDuplicateSafe';
  const ep = requireEndpoint(name, received);
  const setup = plan(name, options);
  const run = await deliver(name, ep, setup);
  const control = positiveControl(setup.event, run);
  const verdict = judge(setup, run, control);
  return finish(this, name, 'idempotency', 'endpoint', outcome(ep, setup, run, control, verdict));
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Delivers one signed event `concurrency` times at once, `deliveries` times in sequence
       * and out of order with related events, and passes when all that caused exactly one
       * effect and every redelivery was acknowledged with a 2xx. The count must move for the
       * first deliveries (the positive control), or the matcher fails: the counter cannot see
       * them. With `sandbox`, the event is the sandbox's own for a session it completed.
       *
       * @example
       * await expect(endpoint(merchant.app, '/webhooks/0bit')).toBeDuplicateSafe({ sandbox, effects: () => merchant.fulfilmentCount() })
       */
      toBeDuplicateSafe(options: BeDuplicateSafeOptions): Promise<void>;
    }
  }
}
