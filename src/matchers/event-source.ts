import { z } from 'zod';
import { LaunchError } from '../errors.js';
import { createSessionEvent, eventTypeMapSchema, resolveEventTypes, sandboxTypeOf, type EventType, type EventTypeMap } from '../sandbox/events.js';
import type { Session } from '../sandbox/sessions.js';
import { randomId } from '../base/random-id.js';
import { completeEvent, PROBE_NOTE, sessionEvent, type EventInput, type WebhookEvent } from '../webhooks/events.js';

/** The parts of the simulated sandbox (`createSandbox()`) the webhook matchers use. */
export interface SandboxLike {
  readonly credentials: { readonly webhookSecret: string };
  readonly clock: { now(): number };
  readonly eventTypes?: Readonly<Record<EventType, string>>;
  readonly sessions: {
    create(input: { amount: number; currency: string; metadata?: Record<string, unknown> }): Session;
    complete(id: string): Session;
    fail(id: string): Session;
    expire(id: string): Session;
  };
  readonly events: ReadonlyArray<{ readonly id: string; readonly type: string; readonly data: unknown }>;
}

function isSandboxLike(value: unknown): value is SandboxLike {
  const s = value as Partial<SandboxLike> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.credentials?.webhookSecret === 'string' &&
    typeof s.clock?.now === 'function' &&
    ['create', 'complete', 'fail', 'expire'].every((m) => typeof (s.sessions as Record<string, unknown> | undefined)?.[m] === 'function') &&
    Array.isArray(s.events)
  );
}

export const sandboxOption = z.custom<SandboxLike>(isSandboxLike, { error: 'expected the simulated sandbox (createSandbox() from 0bit-launch/sandbox)' });
export const eventTypesOption = eventTypeMapSchema;

/** Where the events inside the probes come from; evidence and hints name it. */
export type EventOrigin = 'synthetic' | 'given' | 'sandbox';

/**
 * Makes the events the webhook probes carry. A genuine event is one the sender really
 * emitted, so an integration is meant to act on it; a forged one is what an attacker
 * sends. Without a sandbox both are about a fresh made-up session (or copies of the
 * `event` given); with one, a genuine event is the sandbox's own event about a session it
 * really completed, and a forged one claims completion of a session the sandbox opened and
 * never completed: an integration that confirms sessions with 0Bit can act on both.
 */
export interface ProbeEvents {
  readonly origin: EventOrigin;
  /** The integration's name for each sandbox event type. */
  readonly types: Readonly<Record<EventType, string>>;
  /** A genuine event of `type` (an integration name; the completion by default). */
  genuine(type?: string): WebhookEvent;
  forged(): WebhookEvent;
}

export interface ProbeEventsOptions {
  sandbox?: SandboxLike;
  event?: EventInput;
  eventTypes?: EventTypeMap;
  /** Unix seconds for `created` of made-up events. */
  created: number;
}

const SANDBOX_SESSION = { amount: 4200, currency: 'EUR', metadata: { probe: '0bit-launch', note: PROBE_NOTE } };

const TRANSITIONS: Record<EventType, 'complete' | 'fail' | 'expire'> = {
  'session.completed': 'complete',
  'session.failed': 'fail',
  'session.expired': 'expire',
};

/** A plain, mutable copy of a sandbox event (those are frozen). */
function copy(event: SandboxLike['events'][number]): WebhookEvent {
  return structuredClone(event) as WebhookEvent;
}

function sandboxEvents(sandbox: SandboxLike, types: Readonly<Record<EventType, string>>, created: number): Omit<ProbeEvents, 'origin' | 'types'> {
  const emittedFor = (sessionId: string, name: string) => {
    for (let i = sandbox.events.length - 1; i >= 0; i--) {
      const event = sandbox.events[i]!;
      if (event.type === name && (event.data as { object?: { id?: unknown } }).object?.id === sessionId) return copy(event);
    }
    throw new LaunchError('SANDBOX_EVENT_MISSING', `the sandbox emitted no ${name} event for session ${sessionId}`);
  };
  return {
    genuine(name = types['session.completed']) {
      const type = sandboxTypeOf(name, types);
      if (!type) return sessionEvent(name, { created });
      const session = sandbox.sessions.create(SANDBOX_SESSION);
      sandbox.sessions[TRANSITIONS[type]](session.id);
      return emittedFor(session.id, name);
    },
    forged() {
      const session = sandbox.sessions.create(SANDBOX_SESSION);
      const claimed = { ...session, status: 'completed' as const };
      return copy(createSessionEvent('session.completed', claimed, sandbox.clock.now(), types['session.completed']));
    },
  };
}

export function probeEvents(options: ProbeEventsOptions): ProbeEvents {
  const types = resolveEventTypes(options.eventTypes ?? options.sandbox?.eventTypes);
  const { event, sandbox, created } = options;
  if (event) {
    const make = () => ({ ...completeEvent(event, created), id: randomId('evt') });
    return { origin: 'given', types, genuine: make, forged: make };
  }
  if (sandbox) return { origin: 'sandbox', types, ...sandboxEvents(sandbox, types, created) };
  const made = (name: string) => sessionEvent(sandboxTypeOf(name, types) ?? name, { created, name });
  return { origin: 'synthetic', types, genuine: (name = types['session.completed']) => made(name), forged: () => made(types['session.completed']) };
}
