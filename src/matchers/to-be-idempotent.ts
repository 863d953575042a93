import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Check, Probe } from '../evidence/types.js';
import { burst } from '../http/concurrency.js';
import { isHttpTarget, withTarget, type HttpTarget } from '../http/target.js';
import { sameResult, toOperation, type Attempt, type OperationFn, type RequestOperation } from '../idempotency/operation.js';
import { blindCounterLines, controlCheck, controlPassed, effectCount, readEffects, type Effects, type EffectsControl } from './effects-control.js';
import { functionOption, parseOptions } from './webhook-options.js';
import { finish, misuse, type MatcherOutcome, type MatcherState } from './util.js';
import { firstIssue } from '../base/zod-issues.js';

export interface BeIdempotentOptions {
  /**
   * How many times the side effect happened (rows created, sessions opened, emails sent),
   * read where the app under test writes it: it must move for the first call with a new key.
   */
  effects: Effects;
  /** Sequential retries with one key; 5 by default. */
  times?: number;
  /** Simultaneous calls with one key; 5 by default. */
  concurrency?: number;
}

const schema = z.strictObject({
  effects: functionOption<Effects>('effects to be a function returning how many times the side effect happened'),
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

const newKey = () => `idem_${randomUUID()}`;

function record(attempts: Attempt[], ok: (a: Attempt) => boolean, probes: Probe[], checks: Check[]) {
  for (const a of attempts) {
    if (a.probe) probes.push({ ...a.probe, ok: ok(a) });
    else checks.push({ ...a.check, ok: ok(a) });
  }
}

const WIRING =
  'count what this operation creates where the app under test writes it (its own database connection: a second better-sqlite3 connection to :memory: is another, empty database), or the sessions it opens at the sandbox: () => sandbox.sessions.list().length';

const NAME = 'toBeIdempotent';

type Options = z.output<typeof schema>;

/** What each phase's calls returned and the effects counter after it. */
interface Phases {
  op: ReturnType<typeof toOperation>;
  first: Attempt;
  /** Key A `times` in a row, `first` included. */
  sequential: Attempt[];
  /** Key B `concurrency` times at once. */
  concurrent: Attempt[];
  /** A new key C. */
  second: Attempt;
  /** Key A again with another payload. */
  conflicting: Attempt;
  effects: { before: number; afterFirst: number; sequential: number; simultaneous: number; secondKey: number; otherPayload: number };
}

/** The HTTP target of a request operation; undefined for a function operation. */
function targetOf(received: unknown): HttpTarget | undefined {
  if (typeof received === 'function') return undefined;
  const parsed = requestSchema.safeParse(received);
  if (!parsed.success)
    misuse(NAME, `expects an operation (key) => Promise or a request { target, method, path, body }: ${firstIssue(parsed.error.issues, '(received)')}`);
  return parsed.data.target;
}

async function exercise(received: unknown, opts: Options, ready: HttpTarget | undefined): Promise<Phases> {
  const op = toOperation(ready === undefined ? (received as OperationFn) : { ...(received as RequestOperation), target: ready });
  const count = () => readEffects(opts.effects, NAME);
  const before = await count();
  const keyA = newKey();
  const first = await op.call(keyA, 'original', `sequential 1/${opts.times}, key A`);
  const afterFirst = await count();
  const sequential: Attempt[] = [first];
  for (let i = 1; i < opts.times; i++) sequential.push(await op.call(keyA, 'original', `sequential ${i + 1}/${opts.times}, key A`));
  const e1 = await count();
  const keyB = newKey();
  const concurrent = await burst(opts.concurrency, (i) => op.call(keyB, 'original', `simultaneous ${i + 1}/${opts.concurrency}, key B`));
  const e2 = await count();
  const second = await op.call(newKey(), 'original', 'second key C');
  const e3 = await count();
  const conflicting = await op.call(keyA, 'different', 'key A again, another payload');
  const e4 = await count();
  return {
    op,
    first,
    sequential,
    concurrent,
    second,
    conflicting,
    effects: { before, afterFirst, sequential: e1 - before, simultaneous: e2 - e1, secondKey: e3 - e2, otherPayload: e4 - e3 },
  };
}

/** The control: the first call with a new key must move the counter, or unchanged counts prove nothing. */
function positiveControl({ first, effects }: Phases): EffectsControl {
  return { subject: 'the first call with a new key', outcome: first.outcome, before: effects.before, after: effects.afterFirst, ran: first.succeeded };
}

function judge(opts: Options, { first, sequential, concurrent, second, conflicting, effects }: Phases, blind: boolean): string[] {
  const failures: string[] = [];
  // With a blind counter every count below is meaningless; only a count that moved says something.
  const countOff = (n: number, expected: number) => n !== expected && (!blind || n > 0);
  if (!first.succeeded) failures.push(`the first call with a new key did not succeed: ${first.outcome}`);
  sequential.slice(1).forEach((a, i) => {
    if (!sameResult(a, first)) failures.push(`retry ${i + 2} with the same key returned another result (${a.outcome}) than the first (${first.outcome})`);
  });
  if (countOff(effects.sequential, 1)) failures.push(`${opts.times} sequential calls with one key caused ${effectCount(effects.sequential)} (expected 1)`);
  const winner = concurrent.find((a) => a.succeeded);
  if (!winner) failures.push(`none of ${opts.concurrency} simultaneous calls with one key succeeded (${concurrent.map((a) => a.outcome).join(', ')})`);
  for (const a of concurrent) {
    if (!a.succeeded && !a.refused) failures.push(`a simultaneous duplicate was answered ${a.outcome} (expected the first result, or 409 while in flight)`);
    else if (a.succeeded && winner && !sameResult(a, winner))
      failures.push(`simultaneous calls with one key returned different results (${winner.outcome} vs ${a.outcome})`);
  }
  if (countOff(effects.simultaneous, 1))
    failures.push(`${opts.concurrency} simultaneous calls with one key caused ${effectCount(effects.simultaneous)} (expected 1)`);
  if (!second.succeeded) failures.push(`a call with a second key did not succeed: ${second.outcome}`);
  if (countOff(effects.secondKey, 1)) failures.push(`a second key caused ${effectCount(effects.secondKey)} (expected 1: each new key is a new operation)`);
  if (!conflicting.refused) failures.push(`the same key with another payload was not refused: ${conflicting.outcome} (expected 422, or 409 while in flight)`);
  if (effects.otherPayload !== 0) failures.push(`the same key with another payload caused ${effectCount(effects.otherPayload)} (expected none)`);
  return failures;
}

/** Each attempt as a probe (requests) or a check (functions), the control's check first. */
function attemptEvidence(
  { first, sequential, concurrent, second, conflicting, effects }: Phases,
  control: EffectsControl,
  blind: boolean,
): { probes: Probe[]; checks: Check[] } {
  const probes: Probe[] = [];
  const checks: Check[] = [controlCheck(control)];
  const winner = concurrent.find((a) => a.succeeded);
  record(sequential, (a) => sameResult(a, first) && first.succeeded && !blind, probes, checks);
  record(concurrent, (a) => !blind && (a.refused || (a.succeeded && winner !== undefined && sameResult(a, winner))), probes, checks);
  record([second], (a) => a.succeeded && effects.secondKey === 1, probes, checks);
  record([conflicting], (a) => a.refused && effects.otherPayload === 0 && !blind, probes, checks);
  return { probes, checks };
}

function outcome(opts: Options, phases: Phases, control: EffectsControl, blind: boolean, failures: string[]): MatcherOutcome {
  const { op, conflicting } = phases;
  const { before, afterFirst, ...counts } = phases.effects;
  const effects = { first: afterFirst - before, ...counts };
  return {
    pass: failures.length === 0 && !blind,
    summary: failures.length
      ? `${op.describe} is not idempotent: ${failures.length} problem${failures.length === 1 ? '' : 's'}${blind ? ', and the effects counter cannot see it' : ''}`
      : blind
        ? `${op.describe}: the effects counter cannot see this operation, so its retries prove nothing`
        : `${op.describe}: ${opts.times} retries and ${opts.concurrency} simultaneous calls per key caused one effect each; a second key a second; another payload under a used key was refused (${conflicting.outcome})`,
    details:
      failures.length || blind
        ? [...(blind ? blindCounterLines(control, 'unchanged counts after its retries', WIRING) : []), ...failures]
        : [
            `positive control: effects ${control.before} → ${control.after} for the first call with a new key`,
            `effects per phase: sequential ${effects.sequential}, simultaneous ${effects.simultaneous}, second key ${effects.secondKey}, other payload ${effects.otherPayload}`,
          ],
    evidence: {
      ...attemptEvidence(phases, control, blind),
      details: {
        kind: op.kind,
        times: opts.times,
        concurrency: opts.concurrency,
        effects,
        positiveControl: { ran: control.ran, passed: controlPassed(control), effectsBefore: control.before, effectsAfter: control.after },
      },
    },
  };
}

export async function toBeIdempotent(this: MatcherState, received: unknown, options: BeIdempotentOptions) {
  const opts = parseOptions(NAME, schema, options);
  const target = targetOf(received);
  const run = (ready: HttpTarget | undefined) => exercise(received, opts, ready);
  const phases = target === undefined ? await run(undefined) : await withTarget(target, run);
  const control = positiveControl(phases);
  const blind = control.ran && !controlPassed(control);
  return finish(this, NAME, 'idempotency', 'operation', outcome(opts, phases, control, blind, judge(opts, phases, blind)));
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Retries an operation with one Idempotency-Key (`times` sequentially, `concurrency` at
       * once) and passes when each key causes exactly one effect and replays return the first
       * result, a second key causes a second effect, and the same key with another payload is
       * refused (422, or 409 while in flight). The count must move for the first call (the
       * positive control), or the matcher fails: the counter cannot see the operation. The
       * operation is `(key, { payload }) => Promise` (send a different payload when
       * `payload === 'different'`) or a request `{ target, method, path, body }` whose
       * `Idempotency-Key` header the matcher sets.
       *
       * @example
       * await expect({ target: merchant.app, method: 'POST', path: '/api/checkout/sessions', body: { amount: 4200, currency: 'EUR' } })
       *   .toBeIdempotent({ effects: () => merchant.checkoutCount() })
       */
      toBeIdempotent(options: BeIdempotentOptions): Promise<void>;
    }
  }
}
