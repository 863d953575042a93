import { z } from 'zod';
import type { Probe } from '../evidence/types.js';
import { is2xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { withTarget } from '../http/target.js';
import { EVENT_TYPES, type EventTypeMap } from '../sandbox/events.js';
import { deliverSigned } from '../webhooks/deliver.js';
import type { WebhookEvent } from '../webhooks/events.js';
import type { SignatureScheme } from '../webhooks/schemes.js';
import { eventTypesOption, probeEvents, sandboxOption, type SandboxLike } from './event-source.js';
import {
  clockOption,
  describeEndpoint,
  functionOption,
  parseOptions,
  registerSecrets,
  requireEndpoint,
  schemeOption,
  seconds,
  secretOption,
  signingFrom,
} from './webhook-options.js';
import { finish, type MatcherState } from './util.js';

type EventLog = () => ReadonlyArray<{ id: string; type: string }> | Promise<ReadonlyArray<{ id: string; type: string }>>;

export interface LogWebhookEventsOptions {
  /** The endpoint's webhook secret (or current secrets); the sandbox's by default. */
  secret?: string | string[];
  /** What the integration logged: each delivered event must be there with its type. */
  log: EventLog;
  scheme?: SignatureScheme;
  /** Event types to deliver, as the integration names them; the sandbox's three session events by default. */
  types?: string[];
  /** The simulated sandbox: events about its real sessions, signed with its secret on its clock. */
  sandbox?: SandboxLike;
  /** The integration's names for the sandbox's event types (without a sandbox). */
  eventTypes?: EventTypeMap;
  /** The integration's clock in ms; the sandbox's clock or `Date.now` by default. */
  now?: () => number;
}

const schema = z.strictObject({
  secret: secretOption.optional(),
  log: functionOption<EventLog>('log to be a function returning the logged events [{ id, type }]'),
  scheme: schemeOption,
  types: z.array(z.string().min(1)).min(1).optional(),
  sandbox: sandboxOption.optional(),
  eventTypes: eventTypesOption.optional(),
  now: clockOption,
});

const loggedSchema = z.array(z.looseObject({ id: z.string(), type: z.string() }), {
  error: 'log() must return an array of { id, type }',
});

export async function toLogWebhookEvents(this: MatcherState, received: unknown, options: LogWebhookEventsOptions) {
  const name = 'toLogWebhookEvents';
  const ep = requireEndpoint(name, received);
  const opts = parseOptions(name, schema, options);
  const { secrets, now } = signingFrom(name, opts);
  registerSecrets(secrets);
  const events = probeEvents({ sandbox: opts.sandbox, eventTypes: opts.eventTypes, created: seconds(now) });
  const types = opts.types ?? EVENT_TYPES.map((t) => events.types[t]);

  const delivered: Array<{ event: WebhookEvent; ex: Exchange }> = [];
  await withTarget(ep.target, async (target) => {
    for (const type of types) {
      const event = events.genuine(type);
      delivered.push({ event, ex: await deliverSigned({ target, path: ep.path }, event, { scheme: opts.scheme, secrets, timestamp: seconds(now) }) });
    }
  });
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
      : `${where} logged all ${delivered.length} delivered events with their types (${types.join(', ')})`,
    details: problems.length ? problems : delivered.map(({ event }) => `${event.type} ${event.id} logged`),
    evidence: {
      probes,
      checks: delivered.map(({ event }) => ({
        name: `logged ${event.type}`,
        ok: logged.some((e) => e.id === event.id && e.type === event.type),
        detail: event.id,
      })),
      details: { types, logged: logged.length, events: events.origin },
    },
  });
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Delivers correctly signed events of several types (the sandbox's three session
       * events by default, under the integration's names) and passes when each event id
       * is in the integration's event log with its type.
       *
       * @example
       * await expect(endpoint(app, '/webhooks/0bit')).toLogWebhookEvents({ sandbox, log: () => merchant.eventLog() })
       */
      toLogWebhookEvents(options: LogWebhookEventsOptions): Promise<void>;
    }
  }
}
