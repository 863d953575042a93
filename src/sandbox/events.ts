import { randomAlnum } from './credentials.js';
import type { Session } from './sessions.js';

export const EVENT_TYPES = ['session.completed', 'session.failed', 'session.expired'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

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

export function createSessionEvent(type: EventType, session: Session, nowMs: number): Event {
  const { clientSecret: _omitted, ...object } = session;
  return Object.freeze({
    id: `evt_${randomAlnum(24)}`,
    type,
    created: Math.floor(nowMs / 1000),
    data: Object.freeze({ object: Object.freeze(object) }),
  });
}

export const TRANSITION_EVENT: Record<'completed' | 'failed' | 'expired', EventType> = {
  completed: 'session.completed',
  failed: 'session.failed',
  expired: 'session.expired',
};
