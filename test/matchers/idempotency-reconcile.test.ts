import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { deliverSigned } from '../../src/webhooks/deliver.js';
import { sessionEvent } from '../../src/webhooks/events.js';
import { reconcile } from '../../src/idempotency/reconcile.js';
import { createDoubleFulfilLedger } from '../fixtures/idempotency/double-fulfil-ledger.js';
import { createCorrectWebhooks } from '../fixtures/webhooks/correct.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const secret = newWebhookSecret();

/** A stand-in sandbox: what it completed, and a sender that retries the first completion. */
function sandboxDelivering(target: { fetch(r: Request): Promise<Response> }, sessions: string[]) {
  const completed = sessions.map((id) => sessionEvent('session.completed', { sessionId: id }));
  return {
    sessions: { list: async (status: 'completed') => (status === 'completed' ? completed.map((e) => (e.data as { object: { id: string } }).object) : []) },
    async deliverAll() {
      for (const event of completed) await deliverSigned(endpoint(target, '/webhooks'), event, { scheme: 'standard', secrets: [secret] });
      // The sender did not see the first answer (a timeout) and retries that completion.
      await deliverSigned(endpoint(target, '/webhooks'), completed[0]!, { scheme: 'standard', secrets: [secret] });
    },
  };
}

describe('reconcile', () => {
  it('finds missing, duplicate and unexpected fulfilments, in a stable order', () => {
    expect(reconcile(['ses_a', 'ses_b', 'ses_c'], ['ses_a', 'ses_c', 'ses_c', 'ses_x'])).toEqual([
      { sessionId: 'ses_c', kind: 'duplicate', fulfilments: 2 },
      { sessionId: 'ses_b', kind: 'missing', fulfilments: 0 },
      { sessionId: 'ses_x', kind: 'unexpected', fulfilments: 1 },
    ]);
    expect(reconcile(['ses_a'], ['ses_a'])).toEqual([]);
  });
});

describe('toReconcileWith', () => {
  it('passes when every completed session was fulfilled exactly once', async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    const sandbox = sandboxDelivering(fixture.app, ['ses_aaaaaaaaaaaaaaaaaaaaaaa1', 'ses_aaaaaaaaaaaaaaaaaaaaaaa2']);
    await sandbox.deliverAll();
    await expect(() => fixture.fulfilments()).toReconcileWith(sandbox);
    await expect(fixture.fulfilments()).toReconcileWith(sandbox);
    expect(recordedEvidence(task)[0]).toMatchObject({ pass: true, details: { completed: 2, fulfilments: 2, mismatches: 0 } });
  });

  it('fails on a ledger that double-fulfils a retried completion, naming the session', async () => {
    const fixture = createDoubleFulfilLedger(secret);
    const sandbox = sandboxDelivering(fixture.app, ['ses_bbbbbbbbbbbbbbbbbbbbbbb1', 'ses_bbbbbbbbbbbbbbbbbbbbbbb2']);
    await sandbox.deliverAll();
    const message = await failureOf(expect(fixture.fulfilments).toReconcileWith(sandbox));
    expect(message).toMatch(/the ledger disagrees with the sandbox on 1 session \(2 completed, 3 fulfilments\)/);
    expect(message).toMatch(/ses_bbbbbbbbbbbbbbbbbbbbbbb1: fulfilled 2 times \(expected once\)/);
    expect(message).not.toMatch(/ses_bbbbbbbbbbbbbbbbbbbbbbb2/);
  });

  it('lists missing and unexpected fulfilments by id', async () => {
    const sandbox = { sessions: { list: () => ({ data: [{ id: 'ses_done1' }, { id: 'ses_done2' }] }) } };
    const message = await failureOf(expect([{ sessionId: 'ses_done1' }, { sessionId: 'ses_other' }]).toReconcileWith(sandbox));
    expect(message).toMatch(/ses_done2: completed in the sandbox but never fulfilled/);
    expect(message).toMatch(/ses_other: fulfilled but the sandbox did not complete it/);
  });

  it('never passes vacuously when the sandbox completed nothing', async () => {
    const sandbox = { sessions: { list: () => [] } };
    const message = await failureOf(expect([]).toReconcileWith(sandbox));
    expect(message).toMatch(/the sandbox completed no sessions, so there is nothing to reconcile/);
  });

  it('works with .not', async () => {
    const sandbox = { sessions: { list: () => [{ id: 'ses_1' }] } };
    await expect([]).not.toReconcileWith(sandbox);
    const message = await failureOf(expect([{ sessionId: 'ses_1' }]).not.toReconcileWith(sandbox));
    expect(message).toMatch(/1 completed sessions, each fulfilled exactly once/);
  });

  it('reports misuse clearly', async () => {
    const sandbox = { sessions: { list: () => [] } };
    for (const [received, arg, pattern] of [
      [[], {}, /expects the sandbox/],
      ['ledger', sandbox, /expects the ledger/],
      [[{ session: 'x' }], sandbox, /ledger\[0\]\.sessionId: /],
      [[], { sessions: { list: () => 'nope' } }, /did not return sessions/],
    ] as const) {
      const error = await expect(received)
        .toReconcileWith(arg as never)
        .catch((e: unknown) => e);
      expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    }
  });
});
