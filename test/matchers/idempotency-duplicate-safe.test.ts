import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { createConfirmingWebhooks } from '../fixtures/webhooks/confirming.js';
import { createCheckThenInsert } from '../fixtures/idempotency/check-then-insert.js';
import { createDoubleFulfilLedger } from '../fixtures/idempotency/double-fulfil-ledger.js';
import { createCorrectWebhooks } from '../fixtures/webhooks/correct.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const secret = newWebhookSecret();

describe('toBeDuplicateSafe', () => {
  it('passes when simultaneous, sequential and out-of-order duplicates cause one effect', async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    await expect(endpoint(fixture.app, '/webhooks')).toBeDuplicateSafe({ secret, effects: fixture.fulfilmentCount });
    expect(fixture.fulfilmentCount()).toBe(1);

    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({ pass: true, area: 'idempotency', details: { effects: { simultaneous: 1, sequential: 0, outOfOrder: 0 } } });
    // 5 simultaneous + 5 sequential + 2 related each followed by the duplicate.
    expect(evidence?.probes).toHaveLength(14);
    expect(evidence?.probes.filter((p) => p.name.startsWith('simultaneous'))).toHaveLength(5);
  });

  it('catches a check-then-insert fulfilment every time, not by luck (50 runs)', async () => {
    for (let run = 0; run < 50; run++) {
      const fixture = createCheckThenInsert(secret);
      const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toBeDuplicateSafe({ secret, effects: fixture.fulfilmentCount }));
      expect(message).toMatch(/5 simultaneous deliveries of evt_\w+ caused 5 effects \(expected 1\): the duplicate check and the write race/);
      // Sequential and out-of-order duplicates are caught by its check: the race is its one bug.
      expect(message).not.toMatch(/sequential redeliveries .* caused/);
      fixture.close();
    }
  });

  it('catches a ledger that fulfils every delivery', async () => {
    const fixture = createDoubleFulfilLedger(secret);
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toBeDuplicateSafe({ secret, effects: fixture.fulfilmentCount, concurrency: 3, deliveries: 2 }),
    );
    expect(message).toMatch(/3 simultaneous deliveries of evt_\w+ caused 3 effects/);
    expect(message).toMatch(/2 sequential redeliveries of evt_\w+ caused 2 more effects \(expected none\)/);
    expect(message).toMatch(/out of order with related events .* caused 4 more effects/);
  });

  it('fails on an endpoint that does nothing, so it cannot pass vacuously', async ({ task }) => {
    const app = { fetch: async () => new Response(null, { status: 204 }) };
    const message = await failureOf(expect(endpoint(app, '/webhooks')).toBeDuplicateSafe({ secret, effects: () => 0 }));
    expect(message).toMatch(/POST \/webhooks: the effects counter cannot see the deliveries of session\.completed evt_\w+, so they prove nothing/);
    expect(message).toMatch(
      /the effects counter did not move for the first deliveries of session\.completed evt_\w+ \(HTTP 204 ×5; effects 0 → 0\): it cannot observe these probes, so unchanged counts after the duplicates prove nothing/,
    );
    const [evidence] = recordedEvidence(task);
    expect(evidence?.checks).toEqual([
      { name: expect.stringMatching(/^positive control: effects move for the first deliveries/), ok: false, detail: 'effects 0 → 0 (HTTP 204 ×5)' },
    ]);
    expect(evidence?.probes.filter((p) => p.name.startsWith('sequential')).every((p) => !p.ok && p.expected.includes('not counted'))).toBe(true);
  });

  it('derives its event from a real sandbox session, which a thin-payload integration acts on', async ({ task }) => {
    await using sandbox = createSandbox();
    await sandbox.start();
    const fixture = createConfirmingWebhooks({
      apiBase: sandbox.baseUrl,
      secretKey: sandbox.credentials.secretKey,
      webhookSecret: sandbox.credentials.webhookSecret,
    });
    const hook = endpoint(fixture.app, '/webhooks');

    // A made-up session is one 0Bit does not know: the integration ignores it, and the matcher says how to wire it.
    const blind = await failureOf(expect(hook).toBeDuplicateSafe({ secret: sandbox.credentials.webhookSecret, effects: fixture.fulfilmentCount }));
    expect(blind).toMatch(
      /to wire it: the deliveries carried a made-up session\.completed about session ses_\w+, which an integration that confirms sessions with 0Bit ignores\. Pass sandbox/,
    );

    await expect(hook).toBeDuplicateSafe({ sandbox, effects: fixture.fulfilmentCount });
    const evidence = recordedEvidence(task)[1];
    const [completed] = sandbox.sessions.list('completed');
    expect(evidence?.details).toMatchObject({ events: 'sandbox', eventId: sandbox.events[0]!.id, positiveControl: { passed: true } });
    expect(evidence?.summary).toContain(`(the sandbox's event for session ${completed!.id})`);
    // The ledger then reconciles with what the sandbox completed.
    await expect(fixture.fulfilments).toReconcileWith(sandbox);
  });

  it("uses the integration's name for the completion, and hints at eventTypes when the counter does not move", async () => {
    const account = (s: { baseUrl: string; credentials: { secretKey: string; webhookSecret: string } }) => ({
      apiBase: s.baseUrl,
      secretKey: s.credentials.secretKey,
      webhookSecret: s.credentials.webhookSecret,
      completedType: 'checkout.paid',
    });
    await using unnamed = createSandbox();
    await unnamed.start();
    const paidOnly = createConfirmingWebhooks(account(unnamed));
    const message = await failureOf(expect(endpoint(paidOnly.app, '/webhooks')).toBeDuplicateSafe({ sandbox: unnamed, effects: paidOnly.fulfilmentCount }));
    expect(message).toMatch(
      /to wire it: the deliveries carried the sandbox's own session\.completed about session ses_\w+\. Check that the integration acts on session\.completed \(if it names it otherwise, say so with createSandbox\(\{ eventTypes \}\)\)/,
    );
    await unnamed.stop();

    await using named = createSandbox({ eventTypes: { 'session.completed': 'checkout.paid' } });
    await named.start();
    const fixture = createConfirmingWebhooks(account(named));
    await expect(endpoint(fixture.app, '/webhooks')).toBeDuplicateSafe({ sandbox: named, effects: fixture.fulfilmentCount });
    expect(fixture.eventLog()[0]?.type).toBe('checkout.paid');
  });

  it('requires redeliveries to be acknowledged with a 2xx', async () => {
    const fixture = createCorrectWebhooks(secret);
    let calls = 0;
    const app = { fetch: async (r: Request) => (++calls > 5 ? new Response('dup', { status: 409 }) : fixture.app.fetch(r)) };
    const message = await failureOf(expect(endpoint(app, '/webhooks')).toBeDuplicateSafe({ secret, effects: fixture.fulfilmentCount }));
    expect(message).toMatch(/5 of 5 sequential redeliveries of evt_\w+ were not acknowledged with a 2xx \(HTTP 409 ×5\)/);
  });

  it('delivers a given event, adding id and created', async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    const event = { type: 'session.completed', data: { object: { id: 'ses_GivenGivenGivenGivenGiven', amount: 100 } } };
    await expect(endpoint(fixture.app, '/webhooks')).toBeDuplicateSafe({ secret, event, effects: fixture.fulfilmentCount, related: [] });
    expect(fixture.fulfilments()).toEqual([{ sessionId: 'ses_GivenGivenGivenGivenGiven' }]);
    expect(recordedEvidence(task)[0]?.details).toMatchObject({ eventType: 'session.completed', eventId: expect.stringMatching(/^evt_/) });
  });

  it('never puts the secret into the message or the evidence', async ({ task }) => {
    const canary = `whsec_${Buffer.from('duplicate-canary-0123456789abcdef').toString('base64')}`;
    const fixture = createCheckThenInsert(canary);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toBeDuplicateSafe({ secret: canary, effects: fixture.fulfilmentCount }));
    const recorded = JSON.stringify(recordedEvidence(task));
    for (const text of [message, recorded]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(canary.slice('whsec_'.length));
    }
    fixture.close();
  });

  it('works with .not', async () => {
    const buggy = createCheckThenInsert(secret);
    await expect(endpoint(buggy.app, '/webhooks')).not.toBeDuplicateSafe({ secret, effects: buggy.fulfilmentCount });
    const fixture = createCorrectWebhooks(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).not.toBeDuplicateSafe({ secret, effects: fixture.fulfilmentCount }));
    expect(message).toMatch(/into exactly one effect/);
  });

  it('reports misuse clearly', async () => {
    const fixture = createCorrectWebhooks(secret);
    const ep = endpoint(fixture.app, '/webhooks');
    for (const [received, options, pattern] of [
      [fixture.app, { secret, effects: () => 0 }, /expects an endpoint/],
      [ep, { secret }, /effects:/],
      [ep, { secret, effects: () => 0, concurrency: 1 }, /concurrency:/],
      [ep, { secret, effects: () => 0, event: { data: {} } }, /event\.type:/],
    ] as const) {
      const error = await expect(received)
        .toBeDuplicateSafe(options as never)
        .catch((e: unknown) => e);
      expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    }
  });
});
