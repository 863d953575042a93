import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Check, Probe } from '../evidence/types.js';
import { burst } from '../http/concurrency.js';
import { is2xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { isHttpTarget } from '../http/target.js';
import { toOperation, sameResult, type Attempt, type OperationFn, type RequestOperation } from '../idempotency/operation.js';
import { describeMismatch, reconcile } from '../idempotency/reconcile.js';
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
  signedHeaders,
} from '../webhooks/deliver.js';
import { completeEvent, reissue, sessionEvent, type EventInput, type WebhookEvent } from '../webhooks/events.js';
import type { SignatureScheme } from '../webhooks/schemes.js';
import { finish, misuse, type MatcherState } from './util.js';

type Effects = () => number | Promise<number>;
type LedgerEntries = ReadonlyArray<{ sessionId: string }>;

export interface BeIdempotentOptions {
  /** How many times the side effect happened (rows created, sessions opened, emails sent). */
  effects: Effects;
  /** Sequential retries with one key; 5 by default. */
  times?: number;
  /** Simultaneous calls with one key; 5 by default. */
  concurrency?: number;
}

export interface BeDuplicateSafeOptions {
  secret: string | string[];
  scheme?: SignatureScheme;
  /** The event to deliver (id/created added when absent); a fresh `session.completed` by default. */
  event?: EventInput;
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
  /** The integration's clock in ms, when it runs on a virtual one; `Date.now` by default. */
  now?: () => number;
}

/** Something that knows which sessions it completed: the simulated sandbox, or a stand-in. */
export interface CompletedSessionsSource {
  sessions: {
    list(status: 'completed'): unknown;
  };
}

const effectsOption = functionOption<Effects>('effects to be a function returning how many times the side effect happened');

const idempotentSchema = z.strictObject({
  effects: effectsOption,
  times: z.number().int().min(2).max(1000).default(5),
  concurrency: z.number().int().min(2).max(1000).default(5),
});

const requestSchema = z.strictObject({
  target: z.custom<RequestOperation['target']>(isHttpTarget, { error: 'expected an HTTP target (base URL, app, handler)' }),
  method: z.string().min(1).optional(),
  path: z.string().startsWith('/'),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  otherBody: z.unknown().optional(),
});

const duplicateSchema = z.strictObject({
  secret: secretOption,
  scheme: schemeOption,
  event: eventOption.optional(),
  effects: effectsOption,
  deliveries: z.number().int().min(2).max(1000).default(5),
  concurrency: z.number().int().min(2).max(1000).default(5),
  related: z.array(eventOption).optional(),
  now: clockOption,
});

const ledgerSchema = z.array(z.looseObject({ sessionId: z.string().min(1) }), { error: 'expected an array of { sessionId }' });
const sessionsSchema = z.array(z.looseObject({ id: z.string().min(1) }));

const newKey = () => `idem_${randomUUID()}`;

function effectCount(n: number, more = ''): string {
  return `${n} ${more}effect${n === 1 ? '' : 's'}`;
}

async function readEffects(effects: Effects, matcher: string): Promise<number> {
  const n = await effects();
  if (typeof n !== 'number' || !Number.isFinite(n)) misuse(matcher, `effects() must return a number, got ${typeof n}`);
  return n;
}

function record(attempts: Attempt[], ok: (a: Attempt) => boolean, probes: Probe[], checks: Check[]) {
  for (const a of attempts) {
    if (a.probe) probes.push({ ...a.probe, ok: ok(a) });
    else checks.push({ ...a.check, ok: ok(a) });
  }
}

async function toBeIdempotent(this: MatcherState, received: unknown, options: BeIdempotentOptions) {
  const name = 'toBeIdempotent';
  const opts = parseOptions(name, idempotentSchema, options);
  if (typeof received !== 'function') {
    const parsed = requestSchema.safeParse(received);
    if (!parsed.success) misuse(name, `expects an operation (key) => Promise or a request { target, method, path, body }: ${parsed.error.issues[0]?.path.join('.') || '(received)'}: ${parsed.error.issues[0]?.message}`);
  }
  const op = toOperation(received as OperationFn | RequestOperation);
  const failures: string[] = [];
  const probes: Probe[] = [];
  const checks: Check[] = [];
  const counts: Record<string, number> = {};

  const e0 = await readEffects(opts.effects, name);
  const keyA = newKey();
  const sequential: Attempt[] = [];
  for (let i = 0; i < opts.times; i++) sequential.push(await op.call(keyA, 'original', `sequential ${i + 1}/${opts.times}, key A`));
  const e1 = await readEffects(opts.effects, name);
  const [first] = sequential as [Attempt, ...Attempt[]];
  if (!first.succeeded) failures.push(`the first call with a new key did not succeed: ${first.outcome}`);
  sequential.slice(1).forEach((a, i) => {
    if (!sameResult(a, first)) failures.push(`retry ${i + 2} with the same key returned another result (${a.outcome}) than the first (${first.outcome})`);
  });
  if (e1 - e0 !== 1) failures.push(`${opts.times} sequential calls with one key caused ${effectCount(e1 - e0)} (expected 1)`);
  record(sequential, (a) => sameResult(a, first) && first.succeeded, probes, checks);

  const keyB = newKey();
  const concurrent = await burst(opts.concurrency, (i) => op.call(keyB, 'original', `simultaneous ${i + 1}/${opts.concurrency}, key B`));
  const e2 = await readEffects(opts.effects, name);
  const winner = concurrent.find((a) => a.succeeded);
  if (!winner) failures.push(`none of ${opts.concurrency} simultaneous calls with one key succeeded (${concurrent.map((a) => a.outcome).join(', ')})`);
  for (const a of concurrent) {
    if (!a.succeeded && !a.refused) failures.push(`a simultaneous duplicate was answered ${a.outcome} (expected the first result, or 409 while in flight)`);
    else if (a.succeeded && winner && !sameResult(a, winner)) failures.push(`simultaneous calls with one key returned different results (${winner.outcome} vs ${a.outcome})`);
  }
  if (e2 - e1 !== 1) failures.push(`${opts.concurrency} simultaneous calls with one key caused ${effectCount(e2 - e1)} (expected 1)`);
  record(concurrent, (a) => a.refused || (a.succeeded && winner !== undefined && sameResult(a, winner)), probes, checks);

  const second = await op.call(newKey(), 'original', 'second key C');
  const e3 = await readEffects(opts.effects, name);
  if (!second.succeeded) failures.push(`a call with a second key did not succeed: ${second.outcome}`);
  if (e3 - e2 !== 1) failures.push(`a second key caused ${effectCount(e3 - e2)} (expected 1: each new key is a new operation)`);
  record([second], (a) => a.succeeded && e3 - e2 === 1, probes, checks);

  const conflicting = await op.call(keyA, 'different', 'key A again, another payload');
  const e4 = await readEffects(opts.effects, name);
  if (!conflicting.refused) failures.push(`the same key with another payload was not refused: ${conflicting.outcome} (expected 422, or 409 while in flight)`);
  if (e4 !== e3) failures.push(`the same key with another payload caused ${effectCount(e4 - e3)} (expected none)`);
  record([conflicting], (a) => a.refused && e4 === e3, probes, checks);

  Object.assign(counts, { sequential: e1 - e0, simultaneous: e2 - e1, secondKey: e3 - e2, otherPayload: e4 - e3 });
  return finish(this, name, 'idempotency', 'operation', {
    pass: failures.length === 0,
    summary: failures.length
      ? `${op.describe} is not idempotent: ${failures.length} problem${failures.length === 1 ? '' : 's'}`
      : `${op.describe}: ${opts.times} retries and ${opts.concurrency} simultaneous calls per key caused one effect each; a second key a second; another payload under a used key was refused (${conflicting.outcome})`,
    details: failures.length
      ? failures
      : [`effects per phase: sequential ${counts.sequential}, simultaneous ${counts.simultaneous}, second key ${counts.secondKey}, other payload ${counts.otherPayload}`],
    evidence: { probes, checks, details: { kind: op.kind, times: opts.times, concurrency: opts.concurrency, effects: counts } },
  });
}

function deliveryProbes(exchanges: Exchange[], label: string, expected: string, ok: (ex: Exchange) => boolean): Probe[] {
  return exchanges.map((ex, i) => toProbe(ex, `${label} ${i + 1}/${exchanges.length}`, expected, ok(ex)));
}

function statuses(exchanges: Exchange[]): string {
  const counts = new Map<string, number>();
  for (const ex of exchanges) counts.set(outcomeText(ex), (counts.get(outcomeText(ex)) ?? 0) + 1);
  return [...counts].map(([text, n]) => (n > 1 ? `${text} ×${n}` : text)).join(', ');
}

async function toBeDuplicateSafe(this: MatcherState, received: unknown, options: BeDuplicateSafeOptions) {
  const name = 'toBeDuplicateSafe';
  const ep = requireEndpoint(name, received);
  const opts = parseOptions(name, duplicateSchema, options);
  registerSecrets(opts.secret);
  // Signed afresh at each delivery, as a sender's retry is.
  const signing = () => ({ scheme: opts.scheme, secrets: opts.secret, timestamp: seconds(opts.now) });
  const created = seconds(opts.now);
  const event: WebhookEvent = opts.event ? completeEvent(opts.event, created) : sessionEvent('session.completed', { created });
  const related = opts.related ? opts.related.map((r) => completeEvent(r, created)) : [reissue(event, event.created + 60), reissue(event, event.created - 60)];
  const failures: string[] = [];

  const e0 = await readEffects(opts.effects, name);
  // Byte-identical copies, all started before any is awaited: the race a retry storm causes.
  const headers = signedHeaders(event, signing());
  const body = JSON.stringify(event);
  const simultaneous = await burst(opts.concurrency, () => post(ep, headers, body));
  const e1 = await readEffects(opts.effects, name);
  if (!simultaneous.some(is2xx)) failures.push(`none of ${opts.concurrency} simultaneous deliveries of ${event.id} was accepted (${statuses(simultaneous)})`);
  if (e1 - e0 !== 1) {
    failures.push(
      `${opts.concurrency} simultaneous deliveries of ${event.id} caused ${effectCount(e1 - e0)} (expected 1)` +
        (e1 - e0 > 1 ? ': the duplicate check and the write race; make the write itself refuse duplicates (a unique constraint)' : ''),
    );
  }

  const sequential: Exchange[] = [];
  for (let i = 0; i < opts.deliveries; i++) sequential.push(await deliverSigned(ep, event, signing()));
  const e2 = await readEffects(opts.effects, name);
  const unacknowledged = sequential.filter((ex) => !is2xx(ex));
  if (unacknowledged.length) failures.push(`${unacknowledged.length} of ${opts.deliveries} sequential redeliveries of ${event.id} were not acknowledged with a 2xx (${statuses(unacknowledged)}), so the sender keeps retrying`);
  if (e2 !== e1) failures.push(`${opts.deliveries} sequential redeliveries of ${event.id} caused ${effectCount(e2 - e1, 'more ')} (expected none)`);

  // Related events first, the original after them: a later event, then the older duplicate.
  const outOfOrder: Array<{ event: WebhookEvent; ex: Exchange }> = [];
  for (const r of related) {
    outOfOrder.push({ event: r, ex: await deliverSigned(ep, r, signing()) });
    outOfOrder.push({ event, ex: await deliverSigned(ep, event, signing()) });
  }
  const e3 = await readEffects(opts.effects, name);
  const refusedDuplicates = outOfOrder.filter((d) => d.event === event && !is2xx(d.ex));
  if (refusedDuplicates.length) failures.push(`redeliveries of ${event.id} among related events were not acknowledged (${statuses(refusedDuplicates.map((d) => d.ex))})`);
  if (e3 !== e2) failures.push(`delivering ${event.id} out of order with related events (${related.map((r) => `${r.type} ${r.id}`).join(', ')}) caused ${effectCount(e3 - e2, 'more ')} (expected none)`);

  const where = describeEndpoint(ep);
  const effects = { simultaneous: e1 - e0, sequential: e2 - e1, outOfOrder: e3 - e2 };
  return finish(this, name, 'idempotency', 'endpoint', {
    pass: failures.length === 0,
    summary: failures.length
      ? `${where} is not duplicate-safe for ${event.type} ${event.id}`
      : `${where} turned ${opts.concurrency} simultaneous, ${opts.deliveries} sequential and ${related.length} out-of-order deliveries of ${event.type} ${event.id} into exactly one effect`,
    details: failures.length ? failures : [`effects: simultaneous ${effects.simultaneous}, sequential ${effects.sequential}, out of order ${effects.outOfOrder}`],
    evidence: {
      probes: [
        ...deliveryProbes(simultaneous, 'simultaneous', 'one effect in all', () => e1 - e0 === 1),
        ...deliveryProbes(sequential, 'sequential', '2xx, no further effect', (ex) => is2xx(ex) && e2 === e1),
        ...outOfOrder.map((d, i) =>
          toProbe(d.ex, `out of order ${i + 1}/${outOfOrder.length}: ${d.event === event ? 'duplicate' : 'related'} ${d.event.id}`, '2xx, no further effect', e3 === e2 && (d.event !== event || is2xx(d.ex))),
        ),
      ],
      details: { eventId: event.id, eventType: event.type, deliveries: opts.deliveries, concurrency: opts.concurrency, effects },
    },
  });
}

function completedIds(value: unknown, matcher: string): string[] {
  const list = Array.isArray(value) ? value : (value as { data?: unknown } | null)?.data;
  const parsed = sessionsSchema.safeParse(list);
  if (!parsed.success) misuse(matcher, "sandbox.sessions.list('completed') did not return sessions [{ id }]");
  return parsed.data.map((s) => s.id);
}

async function toReconcileWith(this: MatcherState, received: unknown, sandbox: CompletedSessionsSource) {
  const name = 'toReconcileWith';
  if (typeof (sandbox as CompletedSessionsSource | undefined)?.sessions?.list !== 'function') {
    misuse(name, "expects the sandbox (an object with sessions.list('completed')) as its argument");
  }
  if (typeof received !== 'function' && !Array.isArray(received)) misuse(name, 'expects the ledger: an array of { sessionId } or a function returning one');
  const parsed = ledgerSchema.safeParse(typeof received === 'function' ? await received() : received);
  if (!parsed.success) misuse(name, `ledger: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  const ledger = parsed.data.map((f) => f.sessionId);
  const completed = completedIds(await sandbox.sessions.list('completed'), name);
  if (completed.length === 0) {
    // Reconciling nothing proves nothing: never a vacuous pass.
    return finish(this, name, 'idempotency', 'ledger', {
      pass: false,
      summary: 'the sandbox completed no sessions, so there is nothing to reconcile',
      details: [`complete at least one session (sandbox.sessions.complete(id)) and deliver its events first; the ledger holds ${ledger.length} fulfilments`],
      evidence: { details: { completed: 0, fulfilments: ledger.length } },
    });
  }
  const mismatches = reconcile(completed, ledger);

  const LIMIT = 50;
  const details = mismatches.slice(0, LIMIT).map(describeMismatch);
  if (mismatches.length > LIMIT) details.push(`…and ${mismatches.length - LIMIT} more`);
  const counts = { completed: new Set(completed).size, fulfilments: ledger.length, mismatches: mismatches.length };
  return finish(this, name, 'idempotency', 'ledger', {
    pass: mismatches.length === 0,
    summary: mismatches.length
      ? `the ledger disagrees with the sandbox on ${mismatches.length} session${mismatches.length === 1 ? '' : 's'} (${counts.completed} completed, ${counts.fulfilments} fulfilments)`
      : `the ledger reconciles with the sandbox: ${counts.completed} completed sessions, each fulfilled exactly once, nothing else fulfilled`,
    details: mismatches.length ? details : [],
    evidence: {
      checks: mismatches.slice(0, LIMIT).map((m) => ({ name: `${m.kind} fulfilment`, ok: false, detail: describeMismatch(m) })),
      details: { ...counts, missing: mismatches.filter((m) => m.kind === 'missing').length, duplicate: mismatches.filter((m) => m.kind === 'duplicate').length, unexpected: mismatches.filter((m) => m.kind === 'unexpected').length },
    },
  });
}

/** Matchers of the `idempotency` area. */
export const idempotencyMatchers = { toBeIdempotent, toBeDuplicateSafe, toReconcileWith };

export type { OperationFn, RequestOperation, LedgerEntries };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Retries an operation with one Idempotency-Key (`times` sequentially, `concurrency` at
       * once) and passes when each key causes exactly one effect and replays return the first
       * result, a second key causes a second effect, and the same key with another payload is
       * refused (422, or 409 while in flight). The operation is `(key, { payload }) => Promise`
       * (send a different payload when `payload === 'different'`) or a request
       * `{ target, method, path, body }` whose `Idempotency-Key` header the matcher sets.
       *
       * @example
       * await expect({ target: merchant.app, method: 'POST', path: '/api/checkout/sessions', body: { amount: 4200, currency: 'EUR' } })
       *   .toBeIdempotent({ effects: () => merchant.checkoutCount() })
       */
      toBeIdempotent(options: BeIdempotentOptions): Promise<void>;
      /**
       * Delivers one signed event `concurrency` times at once, `deliveries` times in sequence
       * and out of order with related events, and passes when all that caused exactly one
       * effect and every redelivery was acknowledged with a 2xx.
       *
       * @example
       * await expect(endpoint(merchant.app, '/webhooks/0bit')).toBeDuplicateSafe({ secret: 'whsec_…', effects: () => merchant.fulfilmentCount() })
       */
      toBeDuplicateSafe(options: BeDuplicateSafeOptions): Promise<void>;
      /**
       * Passes when every session the sandbox completed has exactly one fulfilment in the
       * ledger (an array of `{ sessionId }` or a function returning one) and the ledger holds
       * nothing the sandbox did not complete; the failure lists each mismatch by id.
       *
       * @example
       * await expect(() => merchant.fulfilments()).toReconcileWith(sandbox)
       */
      toReconcileWith(sandbox: CompletedSessionsSource): Promise<void>;
    }
  }
}
