import { z } from 'zod';
import type { Probe } from '../evidence/types.js';
import { is2xx, is4xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import {
  clockOption,
  deliverSigned,
  describeEndpoint,
  eventOption,
  functionOption,
  parseOptions,
  post,
  registerSecrets,
  requireEndpoint,
  schemeOption,
  seconds,
  secretOption,
} from '../webhooks/deliver.js';
import { completeEvent, randomId, sessionEvent, type EventInput, type WebhookEvent } from '../webhooks/events.js';
import { signatureBattery, type SignatureProbe } from '../webhooks/probes.js';
import { schemeName, type SignatureScheme } from '../webhooks/schemes.js';
import { finish, type MatcherState } from './util.js';

type Effects = () => number | Promise<number>;
type EventLog = () => ReadonlyArray<{ id: string; type: string }> | Promise<ReadonlyArray<{ id: string; type: string }>>;

export interface VerifyWebhookSignaturesOptions {
  /** The endpoint's webhook secret, or its current secrets during a rotation. */
  secret: string | string[];
  /** `standard` (default), `t-v1`, or a custom `{ sign, headers }`. */
  scheme?: SignatureScheme;
  /** The replay window the endpoint is meant to enforce; 300 s by default. */
  toleranceSeconds?: number;
  /** How many times the side effect happened; when given, refusals must leave it unchanged. */
  effects?: Effects;
  /** The event to send (each probe gets its own id); a fresh `session.completed` by default. */
  event?: EventInput;
  /** The integration's clock in ms, when it runs on a virtual one; `Date.now` by default. */
  now?: () => number;
}

export interface LogWebhookEventsOptions {
  secret: string | string[];
  /** What the integration logged: each delivered event must be there with its type. */
  log: EventLog;
  scheme?: SignatureScheme;
  /** Event types to deliver; the sandbox's three session events by default. */
  types?: string[];
  /** The integration's clock in ms; `Date.now` by default. */
  now?: () => number;
}

const verifySchema = z.strictObject({
  secret: secretOption,
  scheme: schemeOption,
  toleranceSeconds: z.number().int().positive().default(300),
  effects: functionOption<Effects>('effects to be a function returning how many times the side effect happened').optional(),
  event: eventOption.optional(),
  now: clockOption,
});

const logSchema = z.strictObject({
  secret: secretOption,
  log: functionOption<EventLog>('log to be a function returning the logged events [{ id, type }]'),
  scheme: schemeOption,
  types: z.array(z.string().min(1)).min(1).default(['session.completed', 'session.failed', 'session.expired']),
  now: clockOption,
});

const loggedSchema = z.array(z.looseObject({ id: z.string(), type: z.string() }), {
  error: 'log() must return an array of { id, type }',
});

interface Judged {
  probe: SignatureProbe;
  ex: Exchange;
  ok: boolean;
  /** Why it failed, as one message line. */
  failure?: string;
}

function judge(probe: SignatureProbe, ex: Exchange, effectsBefore?: number, effectsAfter?: number): Judged {
  if (probe.expect === 'accept') {
    return is2xx(ex) ? { probe, ex, ok: true } : { probe, ex, ok: false, failure: `refused ${probe.subject}: ${outcomeText(ex)}` };
  }
  if (is2xx(ex)) return { probe, ex, ok: false, failure: `accepted ${probe.subject}: ${outcomeText(ex)}` };
  if (!is4xx(ex)) return { probe, ex, ok: false, failure: `answered ${probe.subject} with ${outcomeText(ex)} instead of a 4xx refusal` };
  if (effectsBefore !== undefined && effectsAfter !== effectsBefore) {
    return { probe, ex, ok: false, failure: `refused ${probe.subject} with ${outcomeText(ex)}, but its side effect happened (effects ${effectsBefore} → ${effectsAfter})` };
  }
  return { probe, ex, ok: true };
}

function eventMaker(template: EventInput | undefined, created: number): () => WebhookEvent {
  if (!template) return () => sessionEvent('session.completed', { created });
  return () => ({ ...completeEvent(template, created), id: randomId('evt') });
}

async function toVerifyWebhookSignatures(this: MatcherState, received: unknown, options: VerifyWebhookSignaturesOptions) {
  const name = 'toVerifyWebhookSignatures';
  const ep = requireEndpoint(name, received);
  const opts = parseOptions(name, verifySchema, options);
  registerSecrets(opts.secret);
  const battery = signatureBattery({
    scheme: opts.scheme,
    secrets: opts.secret,
    toleranceSeconds: opts.toleranceSeconds,
    now: seconds(opts.now),
    makeEvent: eventMaker(opts.event, seconds(opts.now)),
  });

  const judged: Judged[] = [];
  let effects = opts.effects ? await opts.effects() : undefined;
  for (const probe of battery) {
    const ex = await post(ep, probe.headers, probe.body);
    const before = effects;
    if (opts.effects) effects = await opts.effects();
    judged.push(judge(probe, ex, before, effects));
  }

  const failed = judged.filter((j) => !j.ok);
  const accepted = judged.filter((j) => j.probe.expect === 'accept').length;
  const refused = judged.length - accepted;
  const where = describeEndpoint(ep);
  const summary = failed.length
    ? `${where} failed ${failed.length} of ${judged.length} signature probes (${schemeName(opts.scheme)} scheme)`
    : `${where} accepted ${accepted} correctly signed deliveries and refused ${refused} forged, tampered, stale and malformed ones (${schemeName(opts.scheme)} scheme, tolerance ${opts.toleranceSeconds} s)`;
  return finish(this, name, 'webhooks', 'endpoint', {
    pass: failed.length === 0,
    summary,
    details: failed.length ? failed.map((j) => j.failure ?? j.probe.name) : judged.map((j) => `${j.probe.expect === 'accept' ? 'accepted' : 'refused'} ${j.probe.subject}: ${outcomeText(j.ex)}`),
    evidence: {
      probes: judged.map((j) => toProbe(j.ex, j.probe.name, j.probe.expect === 'accept' ? '2xx' : '4xx, no side effect', j.ok)),
      details: { scheme: schemeName(opts.scheme), toleranceSeconds: opts.toleranceSeconds, secrets: opts.secret.length, sideEffectsChecked: Boolean(opts.effects) },
    },
  });
}

async function toLogWebhookEvents(this: MatcherState, received: unknown, options: LogWebhookEventsOptions) {
  const name = 'toLogWebhookEvents';
  const ep = requireEndpoint(name, received);
  const opts = parseOptions(name, logSchema, options);
  registerSecrets(opts.secret);

  const delivered: Array<{ event: WebhookEvent; ex: Exchange }> = [];
  for (const type of opts.types) {
    const event = sessionEvent(type, { created: seconds(opts.now) });
    delivered.push({ event, ex: await deliverSigned(ep, event, { scheme: opts.scheme, secrets: opts.secret, timestamp: seconds(opts.now) }) });
  }
  const parsedLog = loggedSchema.safeParse(await opts.log());
  if (!parsedLog.success) {
    return finish(this, name, 'webhooks', 'endpoint', {
      pass: false,
      summary: `log() did not return an array of { id, type }`,
      details: [parsedLog.error.issues[0]?.message ?? 'unexpected shape'],
      evidence: { probes: delivered.map(({ event, ex }) => toProbe(ex, event.type, '2xx, then logged', false)) },
    });
  }
  const logged = parsedLog.data;

  const problems: string[] = [];
  const probes: Probe[] = [];
  for (const { event, ex } of delivered) {
    const entries = logged.filter((e) => e.id === event.id);
    const problem = !is2xx(ex)
      ? `${event.type} ${event.id} was refused: ${outcomeText(ex)}`
      : entries.length === 0
        ? `${event.type} ${event.id} was accepted (${outcomeText(ex)}) but is not in the event log`
        : !entries.some((e) => e.type === event.type)
          ? `${event.type} ${event.id} is logged with type ${entries.map((e) => e.type).join(', ')}`
          : undefined;
    if (problem) problems.push(problem);
    probes.push(toProbe(ex, event.type, '2xx, then logged with its type', problem === undefined));
  }
  const where = describeEndpoint(ep);
  return finish(this, name, 'webhooks', 'endpoint', {
    pass: problems.length === 0,
    summary: problems.length
      ? `${where} did not log ${problems.length} of ${delivered.length} delivered events`
      : `${where} logged all ${delivered.length} delivered events with their types (${opts.types.join(', ')})`,
    details: problems.length ? problems : delivered.map(({ event }) => `${event.type} ${event.id} logged`),
    evidence: {
      probes,
      checks: delivered.map(({ event }) => ({ name: `logged ${event.type}`, ok: logged.some((e) => e.id === event.id && e.type === event.type), detail: event.id })),
      details: { types: opts.types, logged: logged.length },
    },
  });
}

/** Matchers of the `webhooks` area. */
export const webhooksMatchers = { toVerifyWebhookSignatures, toLogWebhookEvents };


// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Sends a battery of deliveries to a webhook endpoint. Passes when correctly signed
       * ones (raw bytes that differ from re-serialised JSON, several signatures in one
       * header, every rotated secret) are accepted with a 2xx, and unsigned, wrong-secret,
       * tampered, other-message, stale, future, downgraded, truncated and oversized ones are
       * refused with a 4xx and, when `effects` is given, no side effect.
       *
       * @example
       * await expect(endpoint(app, '/webhooks/0bit')).toVerifyWebhookSignatures({ secret: 'whsec_…', effects: () => fulfilmentCount() })
       */
      toVerifyWebhookSignatures(options: VerifyWebhookSignaturesOptions): Promise<void>;
      /**
       * Delivers correctly signed events of several types (`session.completed`,
       * `session.failed`, `session.expired` by default) and passes when each event id is in
       * the integration's event log with its type.
       *
       * @example
       * await expect(endpoint(app, '/webhooks/0bit')).toLogWebhookEvents({ secret: 'whsec_…', log: () => merchant.eventLog() })
       */
      toLogWebhookEvents(options: LogWebhookEventsOptions): Promise<void>;
    }
  }
}
