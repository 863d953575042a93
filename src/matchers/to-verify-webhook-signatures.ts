import { z } from 'zod';
import type { Check } from '../evidence/types.js';
import { is2xx, is4xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { withTarget, type Endpoint } from '../http/target.js';
import type { EventTypeMap } from '../sandbox/events.js';
import { post } from '../webhooks/deliver.js';
import type { EventInput } from '../webhooks/events.js';
import { signatureBattery, type SignatureProbe } from '../webhooks/probes.js';
import { schemeName, type SignatureScheme } from '../webhooks/schemes.js';
import { eventTypesOption, probeEvents, sandboxOption, type ProbeEvents, type SandboxLike } from './event-source.js';
import { blindCounterLines, controlCheck, controlPassed, readEffects, webhookWiring, type Effects, type EffectsControl } from './effects-control.js';
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

export interface VerifyWebhookSignaturesOptions {
  /** The endpoint's webhook secret, or its current secrets during a rotation; the sandbox's by default. */
  secret?: string | string[];
  /** `standard` (default), `t-v1`, or a custom `{ sign, headers }`. */
  scheme?: SignatureScheme;
  /** The replay window the endpoint is meant to enforce; 300 s by default. */
  toleranceSeconds?: number;
  /**
   * How many times the side effect happened. It must move for the first correctly signed
   * delivery (or the counter cannot see the probes) and stay put for every refusal.
   */
  effects?: Effects;
  /** The event to send (each probe gets its own id); a fresh session completion by default. */
  event?: EventInput;
  /** The simulated sandbox: probes carry events about its real sessions, signed with its secret on its clock. */
  sandbox?: SandboxLike;
  /** The integration's names for the sandbox's event types (without a sandbox). */
  eventTypes?: EventTypeMap;
  /** The integration's clock in ms, when it runs on a virtual one; the sandbox's clock or `Date.now` by default. */
  now?: () => number;
  /** How long each delivery may take before it counts as unanswered (default 10 000 ms). */
  timeoutMs?: number;
}

const schema = z.strictObject({
  secret: secretOption.optional(),
  scheme: schemeOption,
  toleranceSeconds: z.number().int().positive().default(300),
  effects: functionOption<Effects>('effects to be a function returning how many times the side effect happened').optional(),
  event: eventOption.optional(),
  sandbox: sandboxOption.optional(),
  eventTypes: eventTypesOption.optional(),
  now: clockOption,
  timeoutMs: z.number().int().positive().max(600_000).default(10_000),
});

interface Judged {
  probe: SignatureProbe;
  ex: Exchange;
  ok: boolean;
  /** Why it failed, as one message line. */
  failure?: string;
}

function judge(probe: SignatureProbe, ex: Exchange, effects?: { before: number; after: number }): Judged {
  if (probe.expect === 'accept') {
    return is2xx(ex) ? { probe, ex, ok: true } : { probe, ex, ok: false, failure: `refused ${probe.subject}: ${outcomeText(ex)}` };
  }
  if (probe.expect === 'answer') {
    if (is2xx(ex) || is4xx(ex)) return { probe, ex, ok: true };
    const what = ex.response ? `answered ${probe.subject} with ${outcomeText(ex)}` : `gave no answer to ${probe.subject} (${ex.error ?? 'no response'})`;
    return {
      probe,
      ex,
      ok: false,
      failure: `${what}: accept it (any one valid signature suffices) or refuse it with a 4xx (Node's own server answers 431), never a 5xx, a crash or silence`,
    };
  }
  if (is2xx(ex)) return { probe, ex, ok: false, failure: `accepted ${probe.subject}: ${outcomeText(ex)}` };
  if (!is4xx(ex)) return { probe, ex, ok: false, failure: `answered ${probe.subject} with ${outcomeText(ex)} instead of a 4xx refusal` };
  if (effects && effects.after !== effects.before) {
    return {
      probe,
      ex,
      ok: false,
      failure: `refused ${probe.subject} with ${outcomeText(ex)}, but its side effect happened (effects ${effects.before} → ${effects.after}): nothing may be written before the signature is verified`,
    };
  }
  return { probe, ex, ok: true };
}

/**
 * What a probe was meant to show, as the evidence states it, and whether it showed it.
 * `uncounted` says why refusals cannot prove "no side effect" (the control failed).
 */
function probeVerdict(j: Judged, isControl: boolean, counter: { given: boolean; uncounted?: string }): { expected: string; ok: boolean } {
  if (j.probe.expect === 'answer') return { expected: '2xx or 4xx in time', ok: j.ok };
  if (j.probe.expect === 'accept') {
    if (!isControl || !counter.given) return { expected: '2xx', ok: j.ok };
    return { expected: '2xx, effects move (positive control)', ok: j.ok && counter.uncounted === undefined };
  }
  if (!counter.given) return { expected: '4xx', ok: j.ok };
  if (counter.uncounted) return { expected: `4xx, no side effect (not counted: ${counter.uncounted})`, ok: false };
  return { expected: '4xx, no side effect', ok: j.ok };
}

const NAME = 'toVerifyWebhookSignatures';

type Options = z.output<typeof schema>;

interface Plan {
  ep: Endpoint;
  opts: Options;
  secrets: string[];
  events: ProbeEvents;
  /** The battery in delivery order. */
  order: SignatureProbe[];
}

interface Delivered {
  judged: Judged[];
  /** Set when an effects counter was given and a delivery meant to be accepted was sent. */
  control?: EffectsControl;
}

/** The failures, the control's standing, and how it bears on each probe's verdict. */
interface Assessment {
  failures: string[];
  probeFailures: string[];
  controlProbe?: Judged;
  blind: boolean;
  counted: boolean;
  counter: { given: boolean; uncounted?: string };
}

function plan(received: unknown, options: VerifyWebhookSignaturesOptions): Plan {
  const ep = requireEndpoint(NAME, received);
  const opts = parseOptions(NAME, schema, options);
  const { secrets, now } = signingFrom(NAME, opts);
  registerSecrets(secrets);
  const events = probeEvents({ sandbox: opts.sandbox, event: opts.event, eventTypes: opts.eventTypes, created: seconds(now) });
  const battery = signatureBattery({ scheme: opts.scheme, secrets, toleranceSeconds: opts.toleranceSeconds, now: seconds(now), events });
  // Deliveries meant to be refused go first: when every probe's event is about one object
  // (a given `event`), a write before verification can only show while it is unfulfilled.
  const order = [...battery.filter((p) => p.expect === 'refuse'), ...battery.filter((p) => p.expect !== 'refuse')];
  return { ep, opts, secrets, events, order };
}

/** Sends each probe, reading the effects counter after each when one is given. */
async function deliverBattery({ ep, opts, order }: Plan): Promise<Delivered> {
  const judged: Judged[] = [];
  let control: EffectsControl | undefined;
  await withTarget(ep.target, async (target) => {
    const initial = opts.effects ? await readEffects(opts.effects, NAME) : undefined;
    let count = initial;
    for (const probe of order) {
      const ex = await post({ target, path: ep.path }, probe.headers, probe.body, { timeoutMs: opts.timeoutMs });
      const before = count;
      if (opts.effects) count = await readEffects(opts.effects, NAME);
      const moved = before === undefined || count === undefined ? undefined : { before, after: count };
      judged.push(judge(probe, ex, moved));
      // The control: by the first delivery meant to be accepted, the counter must have moved.
      if (initial !== undefined && count !== undefined && !control && probe.expect === 'accept') {
        control = {
          subject: `the correctly signed delivery of ${JSON.parse(probe.body).type} ${probe.id}`,
          outcome: outcomeText(ex),
          before: initial,
          after: count,
          ran: is2xx(ex),
        };
      }
    }
  });
  return { judged, control };
}

function assess(events: ProbeEvents, { judged, control }: Delivered): Assessment {
  const probeFailures = judged.filter((j) => !j.ok).map((j) => j.failure ?? j.probe.name);
  const controlProbe = judged.find((j) => j.probe.expect === 'accept');
  const blind = control?.ran === true && !controlPassed(control);
  const blindLines =
    blind && controlProbe
      ? blindCounterLines(control!, 'unchanged counts after its refusals', webhookWiring(events.origin, JSON.parse(controlProbe.probe.body)))
      : [];
  const counted = control !== undefined && controlPassed(control);
  const counter = {
    given: control !== undefined,
    uncounted:
      !control || counted
        ? undefined
        : control.ran
          ? 'the effects counter did not move for the accepted delivery'
          : 'the correctly signed delivery was refused, so the counter was never shown to move',
  };
  return { failures: [...blindLines, ...probeFailures], probeFailures, controlProbe, blind, counted, counter };
}

function outcome({ ep, opts, secrets, events }: Plan, { judged, control }: Delivered, a: Assessment): MatcherOutcome {
  const { failures, probeFailures, blind, counted } = a;
  const accepted = judged.filter((j) => j.probe.expect === 'accept').length;
  const refused = judged.filter((j) => j.probe.expect === 'refuse').length;
  const answered = judged.filter((j) => j.probe.expect === 'answer');
  const where = describeEndpoint(ep);
  const checks: Check[] = control ? [controlCheck(control)] : [];
  const summary = failures.length
    ? probeFailures.length === 0
      ? `${where}: the effects counter cannot see the signature probes, so its refusals prove nothing (${schemeName(opts.scheme)} scheme)`
      : `${where} failed ${probeFailures.length} of ${judged.length} signature probes (${schemeName(opts.scheme)} scheme)${blind ? ', and the effects counter cannot see them' : ''}`
    : `${where} accepted ${accepted} correctly signed deliveries and refused ${refused} forged, tampered, stale and malformed ones${counted ? ' without a side effect' : ''}, answering the oversized header with ${answered.map((j) => outcomeText(j.ex)).join(', ')} (${schemeName(opts.scheme)} scheme, tolerance ${opts.toleranceSeconds} s)`;
  return {
    pass: failures.length === 0,
    summary,
    details: failures.length
      ? failures
      : [
          ...(control
            ? [`positive control: effects ${control.before} → ${control.after} for ${control.subject}`]
            : ['no effects counter given: refusals were judged by status only']),
          ...judged.map(
            (j) =>
              `${j.probe.expect === 'accept' ? 'accepted' : j.probe.expect === 'refuse' ? 'refused' : 'answered'} ${j.probe.subject}: ${outcomeText(j.ex)}`,
          ),
        ],
    evidence: {
      probes: judged.map((j) => {
        const { expected, ok } = probeVerdict(j, j === a.controlProbe, a.counter);
        return toProbe(j.ex, j.probe.name, expected, ok);
      }),
      checks,
      details: {
        scheme: schemeName(opts.scheme),
        toleranceSeconds: opts.toleranceSeconds,
        secrets: secrets.length,
        events: events.origin,
        sideEffectsChecked: counted,
        positiveControl: control
          ? { ran: control.ran, passed: controlPassed(control), effectsBefore: control.before, effectsAfter: control.after }
          : 'no effects counter given',
      },
    },
  };
}

export async function toVerifyWebhookSignatures(this: MatcherState, received: unknown, options: VerifyWebhookSignaturesOptions) {
  const p = plan(received, options);
  const delivered = await deliverBattery(p);
  return finish(this, NAME, 'webhooks', 'endpoint', outcome(p, delivered, assess(p.events, delivered)));
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Sends a battery of deliveries to a webhook endpoint. Passes when correctly signed
       * ones (raw bytes that differ from re-serialised JSON, several signatures in one
       * header, every rotated secret) are accepted with a 2xx; unsigned, wrong-secret,
       * tampered, other-message, stale, future, downgraded and truncated ones are refused
       * with a 4xx; and an oversized signature header is answered (2xx or 4xx) in time.
       * With `effects`, the count must move for the first accepted delivery (the positive
       * control) and stay put for every refusal.
       *
       * @example
       * await expect(endpoint(app, '/webhooks/0bit')).toVerifyWebhookSignatures({ sandbox, effects: () => fulfilmentCount() })
       */
      toVerifyWebhookSignatures(options: VerifyWebhookSignaturesOptions): Promise<void>;
    }
  }
}
