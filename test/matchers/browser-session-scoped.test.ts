import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { SHOP, referenceApp } from '../fixtures/client/reference.js';
import { unscopedSandbox } from '../fixtures/client/unscoped-sandbox.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

describe('toBeSessionScoped', { tags: ['launch:browser'] }, () => {
  it('passes for the client secret the reference merchant hands the browser', async ({ task }) => {
    await using ref = await referenceApp();
    const res = await ref.merchant.app.fetch(
      new Request('http://launch.test/api/checkout/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: SHOP },
        body: JSON.stringify({ amount: 1500, currency: 'EUR' }),
      }),
    );
    expect(res.status).toBe(201);
    const { sessionId, clientSecret } = (await res.json()) as { sessionId: string; clientSecret: string };
    await expect(clientSecret).toBeSessionScoped({ sandbox: ref.sandbox, sessionId });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.probes.map((p) => [p.name, p.response?.status, p.ok])).toEqual([
      ['own session', 200, true],
      ['another session', 403, true],
      ['listing all sessions', 403, true],
      ['own session after expiry', 401, true],
    ]);
    expect(JSON.stringify(task.artifacts)).not.toContain(clientSecret);
  });

  it('negates: .not passes on a secret that opens other sessions, and fails on a session-scoped one', async () => {
    const secret = 'ses_Fixture000000000000000001_secret_Canary00000000000000009f2c';
    await expect(secret).not.toBeSessionScoped({
      sandbox: unscopedSandbox('ses_Fixture000000000000000001', secret) as never,
      sessionId: 'ses_Fixture000000000000000001',
    });
    await using ref = await referenceApp();
    const res = await ref.merchant.app.fetch(
      new Request('http://launch.test/api/checkout/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: SHOP },
        body: JSON.stringify({ amount: 1500, currency: 'EUR' }),
      }),
    );
    const { sessionId, clientSecret } = (await res.json()) as { sessionId: string; clientSecret: string };
    const message = await failure(expect(clientSecret).not.toBeSessionScoped({ sandbox: ref.sandbox, sessionId }));
    expect(message).toContain('.not.toBeSessionScoped');
    expect(message).not.toContain(clientSecret);
  });

  it('fails on a sandbox that accepts the secret for other sessions and after expiry', async () => {
    const secret = 'ses_Fixture000000000000000001_secret_Canary00000000000000009f2c';
    const message = await failure(
      expect(secret).toBeSessionScoped({
        sandbox: unscopedSandbox('ses_Fixture000000000000000001', secret) as never,
        sessionId: 'ses_Fixture000000000000000001',
      }),
    );
    expect(message).toContain('another session: expected refusal (4xx), got HTTP 200');
    expect(message).toContain('listing all sessions: expected refusal (4xx), got HTTP 200');
    expect(message).toContain('own session after expiry: expected refusal (4xx), got HTTP 200');
    expect(message).not.toContain(secret);
  });

  it('fails when the browser is handed the secret key instead of a client secret', async () => {
    await using ref = await referenceApp();
    const session = ref.sandbox.sessions.create({ amount: 100, currency: 'EUR' });
    const message = await failure(expect(ref.sandbox.credentials.secretKey).toBeSessionScoped({ sandbox: ref.sandbox, sessionId: session.id }));
    expect(message).toMatch(/sk_sandbox_…\w{4} is a secret key, not a client secret/);
    expect(message).not.toContain(ref.sandbox.credentials.secretKey);
  });

  it('refuses misuse', async () => {
    const error = await expect('ses_x_secret_yyyyyyyyyyyyyyyy')
      .toBeSessionScoped({ sandbox: {} as never, sessionId: 'ses_x' })
      .catch((e: unknown) => e);
    expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
  });
});
