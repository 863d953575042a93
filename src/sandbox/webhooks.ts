import { z } from 'zod';
import { LaunchError } from '../errors.js';
import { redactString } from '../evidence/redact.js';
import { isEndpoint, send, type Endpoint } from '../http/target.js';
import { signDelivery, type SignatureScheme } from '../webhooks/schemes.js';
import type { VirtualClock } from './clock.js';
import type { Event } from './events.js';
import { describeIssues } from '../base/zod-issues.js';

export interface WebhookOptions {
  /** Where deliveries go (an HTTP target and a path); also settable with `sandbox.deliverTo()`. */
  endpoint?: Endpoint;
  /** `standard` (Standard Webhooks, default), `t-v1`, or a custom `{ sign, headers }`. */
  scheme?: SignatureScheme;
  /** Failed attempts before an event is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Virtual ms to wait after failed attempt `attempt` (1-based); default 1 s doubling, capped at 1 h. */
  backoffMs?: (attempt: number) => number;
  /** Real ms one attempt may take before it counts as timed out (default 10 000). */
  timeoutMs?: number;
}

/** One delivery attempt and its outcome. */
export interface DeliveryResult {
  eventId: string;
  type: string;
  /** 1-based attempt number for queued deliveries; the copy number for `deliver()`. */
  attempt: number;
  /** The endpoint's status, or null when it did not answer (error, timeout, forced failure). */
  status: number | null;
  ok: boolean;
  error?: string;
  /** Virtual-clock ms when the attempt was made. */
  at: number;
  /** `queue` for the sandbox's own retried deliveries, `manual` for `deliver()`. */
  via: 'queue' | 'manual';
}

export interface DeadLetter {
  eventId: string;
  type: string;
  attempts: number;
  lastStatus: number | null;
  /** ISO time (virtual clock). */
  deadLetteredAt: string;
}

export interface DeliverOptions {
  /** How many copies of the event to send (default 1): duplicates. */
  times?: number;
  /** Send the copies at once rather than one after another. */
  concurrent?: boolean;
  /** Events that happened before `event`; they are delivered after it, out of order. */
  outOfOrderWith?: readonly Event[];
}

const optionsSchema = z.strictObject({
  endpoint: z.custom<Endpoint>(isEndpoint, 'must be endpoint(target, path)').optional(),
  scheme: z.custom<SignatureScheme>(isScheme, "must be 'standard', 't-v1' or { sign, headers }").optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  backoffMs: z.custom<(attempt: number) => number>((v) => typeof v === 'function', 'must be a function').optional(),
  timeoutMs: z.number().int().positive().optional(),
});

function isScheme(value: unknown): boolean {
  if (value === 'standard' || value === 't-v1') return true;
  const custom = value as { sign?: unknown; headers?: unknown } | null;
  return typeof custom === 'object' && custom !== null && typeof custom.sign === 'function' && typeof custom.headers === 'function';
}

const defaultBackoff = (attempt: number) => Math.min(1_000 * 2 ** (attempt - 1), 3_600_000);

interface Queued {
  event: Event;
  attempts: number;
  forced: boolean;
  nextAt: number;
  lastStatus: number | null;
}

/**
 * Signs and delivers events to the integration's endpoint. Queued deliveries run on the
 * virtual clock: the first attempt is due when the event is emitted, each failure
 * schedules a retry after the backoff, and the last failure moves the event to the
 * dead-letter queue.
 */
export class WebhookDispatcher {
  readonly deliveries: DeliveryResult[] = [];
  readonly deadLetters: DeadLetter[] = [];
  #endpoint: Endpoint | undefined;
  readonly #scheme: SignatureScheme;
  readonly #maxAttempts: number;
  readonly #backoffMs: (attempt: number) => number;
  readonly #timeoutMs: number;
  readonly #clock: VirtualClock;
  readonly #secret: string;
  /** Scheduled and not yet settled (delivered or dead-lettered). */
  readonly #queued = new Set<Queued>();
  /** Fell due while there was no endpoint; sent once one is set. */
  readonly #parked: Queued[] = [];
  #forceRemaining = 0;

  constructor(clock: VirtualClock, secret: string, options: unknown = {}) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new LaunchError('SANDBOX_OPTIONS_INVALID', `createSandbox(): ${describeIssues(parsed.error.issues, 'webhook')}`);
    }
    const o = parsed.data;
    this.#clock = clock;
    this.#secret = secret;
    this.#endpoint = o.endpoint;
    this.#scheme = o.scheme ?? 'standard';
    this.#maxAttempts = o.maxAttempts ?? 5;
    this.#backoffMs = o.backoffMs ?? defaultBackoff;
    this.#timeoutMs = o.timeoutMs ?? 10_000;
  }

  get endpoint(): Endpoint | undefined {
    return this.#endpoint;
  }

  /** Events waiting for a first attempt or a retry. */
  get pending(): number {
    return this.#queued.size + this.#parked.length;
  }

  deliverTo(endpoint: Endpoint): void {
    if (!isEndpoint(endpoint)) throw new LaunchError('SANDBOX_ARGUMENT_INVALID', 'deliverTo(): pass endpoint(target, path)');
    this.#endpoint = endpoint;
    for (const q of this.#parked.splice(0)) this.#schedule(q, this.#clock.now());
  }

  forceDeadLetter(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `forceDeadLetter(): n must be an integer ≥ 1, got ${n}`);
    this.#forceRemaining += n;
  }

  /** Queues an emitted event; its first attempt is due now. */
  enqueue(event: Event): void {
    const forced = this.#forceRemaining > 0;
    if (forced) this.#forceRemaining--;
    this.#schedule({ event, attempts: 0, forced, nextAt: 0, lastStatus: null }, this.#clock.now());
  }

  /** Runs every attempt due now. */
  async flush(): Promise<void> {
    this.#requireEndpointFor(this.#parked.length, 'flush()');
    await this.#clock.advance(0);
  }

  /** Moves the clock through every scheduled retry until each queued event is delivered or dead-lettered. */
  async drain(): Promise<void> {
    this.#requireEndpointFor(this.#parked.length, 'drain()');
    while (this.#queued.size > 0) {
      let next = Infinity;
      for (const q of this.#queued) next = Math.min(next, q.nextAt);
      await this.#clock.advance(Math.max(0, next - this.#clock.now()));
    }
  }

  /** Sends an event now, outside the retry queue: duplicates, concurrent duplicates, out-of-order. */
  async deliver(event: Event, options: DeliverOptions = {}): Promise<DeliveryResult[]> {
    const endpoint = this.#requireEndpointFor(1, 'deliver()')!;
    for (const e of [event, ...(options.outOfOrderWith ?? [])]) {
      if (typeof e?.id !== 'string' || typeof e.type !== 'string')
        throw new LaunchError('SANDBOX_ARGUMENT_INVALID', 'deliver(): events need string id and type (use sandbox.events)');
    }
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `deliver(): times must be an integer ≥ 1, got ${times}`);
    const copies = Array.from({ length: times }, (_, i) => () => this.#send(endpoint, event, i + 1, 'manual'));
    const results = options.concurrent ? await Promise.all(copies.map((c) => c())) : await sequentially(copies);
    for (const earlier of options.outOfOrderWith ?? []) results.push(await this.#send(endpoint, earlier, 1, 'manual'));
    return results;
  }

  #requireEndpointFor(count: number, what: string): Endpoint | undefined {
    if (count > 0 && !this.#endpoint) {
      throw new LaunchError(
        'SANDBOX_NO_ENDPOINT',
        `${what}: no webhook endpoint; pass createSandbox({ webhook: { endpoint } }) or call sandbox.deliverTo(endpoint(app, '/webhooks'))`,
      );
    }
    return this.#endpoint;
  }

  #schedule(q: Queued, at: number): void {
    q.nextAt = at;
    this.#queued.add(q);
    this.#clock.schedule(at, () => this.#attempt(q));
  }

  async #attempt(q: Queued): Promise<void> {
    this.#queued.delete(q);
    const endpoint = this.#endpoint;
    if (!endpoint) {
      this.#parked.push(q);
      return;
    }
    q.attempts++;
    const result = q.forced
      ? this.#record({
          eventId: q.event.id,
          type: q.event.type,
          attempt: q.attempts,
          status: null,
          ok: false,
          error: 'failed on purpose (forceDeadLetter)',
          at: this.#clock.now(),
          via: 'queue',
        })
      : await this.#send(endpoint, q.event, q.attempts, 'queue');
    q.lastStatus = result.status;
    if (result.ok) return;
    if (q.attempts >= this.#maxAttempts) {
      this.deadLetters.push({
        eventId: q.event.id,
        type: q.event.type,
        attempts: q.attempts,
        lastStatus: q.lastStatus,
        deadLetteredAt: new Date(this.#clock.now()).toISOString(),
      });
      return;
    }
    this.#schedule(q, this.#clock.now() + Math.max(0, this.#backoffMs(q.attempts)));
  }

  async #send(endpoint: Endpoint, event: Event, attempt: number, via: DeliveryResult['via']): Promise<DeliveryResult> {
    const at = this.#clock.now();
    const body = JSON.stringify(event);
    const headers = signDelivery(this.#scheme, { id: event.id, timestamp: Math.floor(at / 1000), body, secrets: [this.#secret] });
    const base = { eventId: event.id, type: event.type, attempt, at, via };
    try {
      const res = await send(endpoint.target, { method: 'POST', path: endpoint.path, headers, body }, { timeoutMs: this.#timeoutMs });
      return this.#record({ ...base, status: res.status, ok: res.status >= 200 && res.status < 300 });
    } catch (error) {
      return this.#record({ ...base, status: null, ok: false, error: redactString(error instanceof Error ? error.message : String(error)) });
    }
  }

  #record(result: DeliveryResult): DeliveryResult {
    this.deliveries.push(result);
    return result;
  }
}

async function sequentially<T>(tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  for (const task of tasks) out.push(await task());
  return out;
}
