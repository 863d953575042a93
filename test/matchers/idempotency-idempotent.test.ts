import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { alterPayload } from '../../src/idempotency/operation.js';
import { createCheckout } from '../fixtures/idempotency/checkout.js';
import { createCheckoutWithDetachedCounter } from '../fixtures/idempotency/detached-counter.js';
import { createPayloadNotCompared } from '../fixtures/idempotency/payload-not-compared.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const body = { amount: 4200, currency: 'EUR', returnUrl: 'https://shop.example/return' };

describe('toBeIdempotent', () => {
  it('passes on a request to an endpoint that follows the Idempotency-Key draft', async ({ task }) => {
    const checkout = createCheckout();
    await expect({ target: checkout.app, method: 'POST', path: '/api/checkout/sessions', body }).toBeIdempotent({
      effects: checkout.sessionCount,
    });
    // One per key: A (sequential), B (simultaneous), C (second key); the conflicting payload made none.
    expect(checkout.sessionCount()).toBe(3);

    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({
      pass: true,
      area: 'idempotency',
      details: { kind: 'request', effects: { first: 1, sequential: 1, simultaneous: 1, secondKey: 1, otherPayload: 0 } },
    });
    expect(evidence?.checks).toEqual([
      { name: 'positive control: effects move for the first call with a new key', ok: true, detail: 'effects 0 → 1 (HTTP 201)' },
    ]);
    expect(evidence?.probes).toHaveLength(5 + 5 + 1 + 1);
    const conflicting = evidence?.probes.at(-1);
    expect(conflicting).toMatchObject({ ok: true, response: { status: 422 } });
    expect(conflicting?.request.headers?.['idempotency-key']).toMatch(/^idem_/);
    expect(conflicting?.request.body).toContain('4201');
    // Simultaneous duplicates may be told the first is still in flight.
    expect(evidence?.probes.filter((p) => p.response?.status === 409).length).toBe(4);
  });

  it('fails on an endpoint that stores the key but never compares the payload', async () => {
    const checkout = createPayloadNotCompared();
    const message = await failureOf(expect({ target: checkout.app, path: '/api/checkout/sessions', body }).toBeIdempotent({ effects: checkout.sessionCount }));
    expect(message).toMatch(/POST \/api\/checkout\/sessions is not idempotent: 1 problem/);
    expect(message).toMatch(/the same key with another payload was not refused: HTTP 201 \(expected 422, or 409 while in flight\)/);
  });

  it('passes on an operation function that sends the payload it is asked for', async ({ task }) => {
    const checkout = createCheckout();
    const createSession = async (key: string, { payload }: { payload: 'original' | 'different' }) => {
      const res = await checkout.app.fetch(
        new Request('http://shop.test/api/checkout/sessions', {
          method: 'POST',
          headers: { 'idempotency-key': key, 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, amount: payload === 'original' ? 4200 : 9900 }),
        }),
      );
      if (!res.ok) throw new Error(`checkout refused: ${res.status}`);
      return res.json();
    };
    await expect(createSession).toBeIdempotent({ effects: checkout.sessionCount, times: 3, concurrency: 4 });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({ kind: 'function', times: 3, concurrency: 4 });
    expect(evidence?.checks.at(-1)).toMatchObject({ ok: true, detail: expect.stringContaining('rejected: checkout refused: 422') });
  });

  it('fails on an operation that does nothing, so it cannot pass vacuously', async () => {
    const message = await failureOf(expect(async () => ({ ok: true })).toBeIdempotent({ effects: () => 0 }));
    expect(message).toMatch(
      /the effects counter did not move for the first call with a new key \(resolved; effects 0 → 0\): it cannot observe these probes, so unchanged counts after its retries prove nothing/,
    );
    expect(message).not.toMatch(/caused 0 effects/);
  });

  it('fails when the effects counter reads another database than the app writes to', async ({ task }) => {
    const checkout = createCheckoutWithDetachedCounter();
    const message = await failureOf(expect({ target: checkout.app, path: '/api/checkout/sessions', body }).toBeIdempotent({ effects: checkout.sessionCount }));
    expect(message).toContain('POST /api/checkout/sessions: the effects counter cannot see this operation, so its retries prove nothing');
    expect(message).toContain('the effects counter did not move for the first call with a new key (HTTP 201; effects 0 → 0)');
    expect(message).toContain(
      'to wire it: count what this operation creates where the app under test writes it (its own database connection: a second better-sqlite3 connection to :memory: is another, empty database)',
    );
    const [evidence] = recordedEvidence(task);
    expect(evidence?.checks[0]).toEqual({
      name: 'positive control: effects move for the first call with a new key',
      ok: false,
      detail: 'effects 0 → 0 (HTTP 201)',
    });
    expect(evidence?.probes.every((p) => !p.ok)).toBe(true);
    checkout.close();
  });

  it('fails on an operation that repeats its effect on every retry', async () => {
    let effects = 0;
    const message = await failureOf(expect(async (key: string) => ({ id: ++effects, key })).toBeIdempotent({ effects: () => effects }));
    expect(message).toMatch(/retry 2 with the same key returned another result/);
    expect(message).toMatch(/5 sequential calls with one key caused 5 effects \(expected 1\)/);
    expect(message).toMatch(/5 simultaneous calls with one key caused 5 effects \(expected 1\)/);
  });

  it('catches a key store that races under concurrency', async () => {
    const seen = new Map<string, number>();
    let effects = 0;
    const op = async (key: string) => {
      if (seen.has(key)) return { id: seen.get(key) };
      await Promise.resolve(); // e.g. the provider call, between check and store
      seen.set(key, ++effects);
      return { id: effects };
    };
    const message = await failureOf(expect(op).toBeIdempotent({ effects: () => effects }));
    expect(message).toMatch(/5 simultaneous calls with one key caused 5 effects \(expected 1\)/);
    expect(message).not.toMatch(/sequential/);
  });

  it('works with .not', async () => {
    const buggy = createPayloadNotCompared();
    await expect({ target: buggy.app, path: '/api/checkout/sessions', body }).not.toBeIdempotent({ effects: buggy.sessionCount });
    const checkout = createCheckout();
    const message = await failureOf(
      expect({ target: checkout.app, path: '/api/checkout/sessions', body }).not.toBeIdempotent({ effects: checkout.sessionCount }),
    );
    expect(message).toMatch(/another payload under a used key was refused \(HTTP 422\)/);
  });

  it('keeps credentials sent with the request out of the evidence and the message', async ({ task }) => {
    const canary = 'sk_live_CANARYcanary0123456789abcdef';
    const buggy = createPayloadNotCompared();
    const request = { target: buggy.app, path: '/api/checkout/sessions', body, headers: { authorization: `Bearer ${canary}` } };
    const message = await failureOf(expect(request).toBeIdempotent({ effects: buggy.sessionCount }));
    const recorded = JSON.stringify(recordedEvidence(task));
    expect(recorded).toContain('"authorization":"[redacted]"');
    for (const text of [message, recorded]) expect(text).not.toContain(canary);
  });

  it('reports misuse clearly', async () => {
    const checkout = createCheckout();
    const request = { target: checkout.app, path: '/api/checkout/sessions', body };
    for (const [received, options, pattern] of [
      [request, {}, /effects:/],
      [request, { effects: () => 0, times: 1 }, /times:/],
      [{ path: '/x' }, { effects: () => 0 }, /target/],
      [{ target: checkout.app, path: 'no-slash' }, { effects: () => 0 }, /path/],
      [42, { effects: () => 0 }, /expects an operation/],
      [request, { effects: () => 'many' }, /effects\(\) must return a number/],
    ] as const) {
      const error = await expect(received)
        .toBeIdempotent(options as never)
        .catch((e: unknown) => e);
      expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    }
  });
});

describe('alterPayload', () => {
  it('changes the first number, else adds a field, keeping the shape', () => {
    expect(alterPayload({ amount: 1, nested: { n: 5 } })).toEqual({ amount: 2, nested: { n: 5 } });
    expect(alterPayload({ currency: 'EUR' })).toEqual({ currency: 'EUR', idempotencyProbe: 'altered' });
    expect(alterPayload('{"a":[1,2]}')).toBe('{"a":[2,2]}');
    expect(alterPayload('plain')).toBe('plain (altered)');
  });
});
