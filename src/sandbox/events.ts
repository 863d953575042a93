import { z } from 'zod';
import { randomAlnum } from '../base/random-id.js';
import type { Session } from './sessions.js';

/** The sandbox's own names for what happens to a session. */
export const EVENT_TYPES = ['session.completed', 'session.failed', 'session.expired'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The integration's names for the sandbox's events, when they differ:
 * `{ 'session.completed': 'checkout.paid' }`. Types not named keep the sandbox's name.
 */
export type EventTypeMap = Partial<Record<EventType, string>>;

const eventTypeName = z.string().min(1).max(128).regex(/^\S+$/, 'must be an event type name without spaces, like checkout.paid');

export const eventTypeMapSchema = z
  .strictObject({ 'session.completed': eventTypeName.optional(), 'session.failed': eventTypeName.optional(), 'session.expired': eventTypeName.optional() })
  .superRefine((map, ctx) => {
    const names = EVENT_TYPES.map((t) => map[t] ?? t);
    const clash = names.find((n, i) => names.indexOf(n) !== i);
    if (clash) ctx.addIssue({ code: 'custom', message: `two event types are named ${JSON.stringify(clash)}; the integration could not tell them apart` });
  });

/** Every sandbox event type with the name the integration uses for it. */
export function resolveEventTypes(map: EventTypeMap = {}): Readonly<Record<EventType, string>> {
  return Object.freeze({
    'session.completed': map['session.completed'] ?? 'session.completed',
    'session.failed': map['session.failed'] ?? 'session.failed',
    'session.expired': map['session.expired'] ?? 'session.expired',
  });
}

/** The sandbox's name for an integration's event type, if it is one of the sandbox's. */
export function sandboxTypeOf(name: string, types: Readonly<Record<EventType, string>>): EventType | undefined {
  return EVENT_TYPES.find((t) => types[t] === name);
}

/** The session as events carry it: without its client secret, so webhook logs stay clean. */
export type EventSession = Omit<Session, 'clientSecret'>;

/** What the sandbox emits and delivers: the webhook body is exactly `JSON.stringify(event)`. */
export interface Event {
  readonly id: string;
  readonly type: string;
  /** Unix seconds (virtual clock). */
  readonly created: number;
  readonly data: { readonly object: Readonly<EventSession> | Readonly<Record<string, unknown>> };
}

/** An event about `session`; `name` is what the integration calls `type` (the sandbox's name by default). */
export function createSessionEvent(type: EventType, session: Session, nowMs: number, name: string = type): Event {
  const { clientSecret: _omitted, ...object } = session;
  return Object.freeze({
    id: `evt_${randomAlnum(24)}`,
    type: name,
    created: Math.floor(nowMs / 1000),
    data: Object.freeze({ object: Object.freeze(object) }),
  });
}

export const TRANSITION_EVENT: Record<'completed' | 'failed' | 'expired', EventType> = {
  completed: 'session.completed',
  failed: 'session.failed',
  expired: 'session.expired',
};
