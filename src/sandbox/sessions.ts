import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { randomAlnum } from '../base/random-id.js';

export const SESSION_STATUSES = ['open', 'completed', 'failed', 'expired'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A checkout session as the simulated API returns it. */
export interface Session {
  id: string;
  object: 'session';
  status: SessionStatus;
  amount: number;
  currency: string;
  asset: string | null;
  method: string | null;
  region: string | null;
  returnUrl: string | null;
  metadata: Record<string, unknown>;
  /** Session-scoped: accepted only for this session and only until it expires. */
  clientSecret: string;
  createdAt: string;
  expiresAt: string;
}

/** The body of `POST /v1/sessions` (and of `sandbox.sessions.create`). */
export const sessionInputSchema = z.strictObject({
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code'),
  asset: z.string().min(1).max(32).optional(),
  method: z.string().min(1).max(64).optional(),
  region: z.string().min(1).max(32).optional(),
  returnUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type SessionInput = z.infer<typeof sessionInputSchema>;

/** Stored compactly: times as numbers, serialised to ISO strings only when read. */
interface SessionRecord {
  id: string;
  status: SessionStatus;
  amount: number;
  currency: string;
  asset: string | null;
  method: string | null;
  region: string | null;
  returnUrl: string | null;
  metadata: Record<string, unknown> | null;
  clientSecret: string;
  createdAt: number;
  expiresAt: number;
}

const CLIENT_SECRET = /^(ses_[A-Za-z0-9]{24})_secret_[A-Za-z0-9]{24}$/;

export type Transition = 'completed' | 'failed' | 'expired';

export class SessionStore {
  readonly #byId = new Map<string, SessionRecord>();

  get size(): number {
    return this.#byId.size;
  }

  create(input: SessionInput, now: number, ttlMs: number): Session {
    const id = `ses_${randomAlnum(24)}`;
    const record: SessionRecord = {
      id,
      status: 'open',
      amount: input.amount,
      currency: input.currency,
      asset: input.asset ?? null,
      method: input.method ?? null,
      region: input.region ?? null,
      returnUrl: input.returnUrl ?? null,
      metadata: input.metadata && Object.keys(input.metadata).length > 0 ? structuredClone(input.metadata) : null,
      clientSecret: `${id}_secret_${randomAlnum(24)}`,
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    this.#byId.set(id, record);
    return toSession(record);
  }

  get(id: string): Session | undefined {
    const record = this.#byId.get(id);
    return record && toSession(record);
  }

  list(status?: SessionStatus): Session[] {
    const out: Session[] = [];
    for (const record of this.#byId.values()) if (!status || record.status === status) out.push(toSession(record));
    return out;
  }

  /** Moves an open session to a final status; anything else is a conflict. */
  transition(id: string, to: Transition): { ok: true; session: Session } | { ok: false; reason: 'missing' | 'not_open'; status?: SessionStatus } {
    const record = this.#byId.get(id);
    if (!record) return { ok: false, reason: 'missing' };
    if (record.status !== 'open') return { ok: false, reason: 'not_open', status: record.status };
    record.status = to;
    return { ok: true, session: toSession(record) };
  }

  /**
   * Which session a bearer token speaks for, if it is a client secret: `live` only while
   * the session has not expired (by status or by time).
   */
  resolveClientSecret(token: string, now: number): { sessionId: string; live: boolean } | undefined {
    const match = CLIENT_SECRET.exec(token);
    const record = match && this.#byId.get(match[1]!);
    if (!record || !constantTimeEqual(record.clientSecret, token)) return undefined;
    return { sessionId: record.id, live: record.status !== 'expired' && now < record.expiresAt };
  }
}

function toSession(r: SessionRecord): Session {
  return {
    id: r.id,
    object: 'session',
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    asset: r.asset,
    method: r.method,
    region: r.region,
    returnUrl: r.returnUrl,
    metadata: r.metadata ? structuredClone(r.metadata) : {},
    clientSecret: r.clientSecret,
    createdAt: new Date(r.createdAt).toISOString(),
    expiresAt: new Date(r.expiresAt).toISOString(),
  };
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
