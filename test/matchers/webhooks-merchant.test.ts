/** Proof: the webhook matchers pass on the reference merchant app (examples/merchant). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { referenceMerchant } from '../fixtures/webhooks/reference-merchant.js';

describe('webhook matchers on the reference merchant', { tags: ['launch:webhooks'] }, () => {
  it('verifies signatures: raw bodies and rotations accepted, every forgery refused without side effects', async ({ task }) => {
    await using ref = await referenceMerchant();
    const now = () => ref.sandbox.clock.now();
    await expect(endpoint(ref.merchant.app, '/webhooks/0bit')).toVerifyWebhookSignatures({
      secret: ref.secret,
      effects: () => ref.merchant.fulfilmentCount(),
      now,
    });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.probes.filter((p) => p.response?.status === 200)).toHaveLength(3);
    expect(ref.merchant.fulfilmentCount()).toBe(3);
  });

  it('passes wired to the sandbox: its secret, its clock and events about its real sessions', async ({ task }) => {
    await using ref = await referenceMerchant();
    const hook = endpoint(ref.merchant.app, '/webhooks/0bit');
    await expect(hook).toVerifyWebhookSignatures({ sandbox: ref.sandbox, effects: () => ref.merchant.fulfilmentCount() });
    await expect(hook).toLogWebhookEvents({ sandbox: ref.sandbox, log: () => ref.merchant.eventLog() });
    const [signatures, log] = recordedEvidence(task);
    expect(signatures?.details).toMatchObject({ events: 'sandbox', sideEffectsChecked: true, positiveControl: { passed: true } });
    expect(log?.details).toMatchObject({ events: 'sandbox', types: ['session.completed', 'session.failed', 'session.expired'] });
    // What the merchant fulfilled, the sandbox really completed.
    const completed = new Set(ref.sandbox.sessions.list('completed').map((s) => s.id));
    expect(ref.merchant.fulfilments().every((f) => completed.has(f.sessionId))).toBe(true);
  });

  it('accepts every current secret during a rotation', async () => {
    const next = newWebhookSecret();
    await using ref = await referenceMerchant({ webhookSecrets: (current) => [next, current] });
    await expect(endpoint(ref.merchant.app, '/webhooks/0bit')).toVerifyWebhookSignatures({
      secret: [next, ref.secret],
      effects: () => ref.merchant.fulfilmentCount(),
      now: () => ref.sandbox.clock.now(),
    });
  });

  it('logs every delivered event with its type', async () => {
    await using ref = await referenceMerchant();
    await expect(endpoint(ref.merchant.app, '/webhooks/0bit')).toLogWebhookEvents({
      secret: ref.secret,
      log: () => ref.merchant.eventLog(),
      now: () => ref.sandbox.clock.now(),
    });
  });

  it('verifies over real HTTP too, where Node itself refuses the oversized header', async ({ task }) => {
    await using ref = await referenceMerchant();
    const server = createServer(ref.merchant.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(endpoint(base, '/webhooks/0bit')).toVerifyWebhookSignatures({
        secret: ref.secret,
        effects: () => ref.merchant.fulfilmentCount(),
        now: () => ref.sandbox.clock.now(),
      });
      expect(recordedEvidence(task)[0]?.probes.find((p) => p.name === 'oversized-header')?.response?.status).toBe(431);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is refused by .not on the reference app', async () => {
    await using ref = await referenceMerchant();
    await expect(
      expect(endpoint(ref.merchant.app, '/webhooks/0bit')).not.toVerifyWebhookSignatures({ secret: ref.secret, now: () => ref.sandbox.clock.now() }),
    ).rejects.toThrow(
      /accepted 3 correctly signed deliveries and refused 9 forged, tampered, stale and malformed ones, answering the oversized header with HTTP 400/,
    );
  });
});
