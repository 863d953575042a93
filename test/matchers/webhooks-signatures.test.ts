import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { isLaunchError } from '../../src/errors.js';
import { createCorrectWebhooks } from '../fixtures/webhooks/correct.js';
import { createRawBodyReserialised } from '../fixtures/webhooks/raw-body-reserialised.js';
import { createNoTimestampCheck } from '../fixtures/webhooks/no-timestamp-check.js';
import { createOldOnlyTimestampCheck } from '../fixtures/webhooks/old-only-timestamp-check.js';
import { createIgnoredLegacyResult } from '../fixtures/webhooks/ignored-legacy-result.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const secret = newWebhookSecret();

describe('toVerifyWebhookSignatures', () => {
  it('passes on an endpoint that verifies raw bodies, timestamps and every signature in the header', async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    await expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret, effects: fixture.fulfilmentCount });

    const [evidence] = recordedEvidence(task);
    expect(evidence?.pass).toBe(true);
    expect(evidence?.area).toBe('webhooks');
    const names = evidence?.probes.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['signed', 'raw-body', 'several-signatures', 'unsigned', 'wrong-secret', 'tampered', 'other-message',
        'stale-timestamp', 'future-timestamp', 'downgraded-version', 'unknown-version', 'truncated', 'oversized-header']),
    );
    const unsigned = evidence?.probes.find((p) => p.name === 'unsigned');
    expect(unsigned).toMatchObject({ ok: true, request: { method: 'POST', path: '/webhooks' }, response: { status: 400 } });
    expect(unsigned?.durationMs).toBeGreaterThanOrEqual(0);
    // Accepted deliveries fulfilled their fresh sessions; refusals fulfilled nothing.
    expect(fixture.fulfilmentCount()).toBe(3);
  });

  it('fails on a verifier that re-serialises the parsed body, naming the raw-body probe', async () => {
    const fixture = createRawBodyReserialised(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/failed 1 of 13 signature probes/);
    expect(message).toMatch(/refused a correctly signed delivery whose raw bytes differ from its re-serialised JSON .*: HTTP 401/);
  });

  it('fails on a verifier with no timestamp check, for old and future timestamps', async () => {
    const fixture = createNoTimestampCheck(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/accepted a delivery whose timestamp was 600 s old \(tolerance 300 s\): HTTP 200/);
    expect(message).toMatch(/accepted a delivery whose timestamp was 600 s in the future \(tolerance 300 s\): HTTP 200/);
    expect(message).toMatch(/failed 2 of 13/);
  });

  it('fails on a verifier that checks only for old timestamps', async () => {
    const fixture = createOldOnlyTimestampCheck(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/failed 1 of 13/);
    expect(message).toMatch(/accepted a delivery whose timestamp was 600 s in the future \(tolerance 300 s\): HTTP 200/);
  });

  it('fails on a verifier that ignores the comparison result of a legacy scheme version', async () => {
    const fixture = createIgnoredLegacyResult(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/failed 1 of 13/);
    expect(message).toMatch(/accepted a correct HMAC labelled with downgraded scheme version v0: HTTP 200/);
  });

  it('scales the stale and future probes to the declared tolerance', async () => {
    const fixture = createCorrectWebhooks(secret);
    // The fixture enforces 300 s; against a declared 100 s its window is too wide.
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret, toleranceSeconds: 100 }),
    );
    expect(message).toMatch(/accepted a delivery whose timestamp was 200 s old \(tolerance 100 s\): HTTP 200/);
  });

  it('reports a side effect of a refused delivery', async () => {
    const fixture = createCorrectWebhooks(secret);
    let extra = 0;
    // Counts a refusal as an effect: a stand-in for an integration that writes before it verifies.
    const app = {
      fetch: async (request: Request) => {
        const response = await fixture.app.fetch(request);
        if (response.status >= 400) extra++;
        return response;
      },
    };
    const message = await failureOf(
      expect(endpoint(app, '/webhooks')).toVerifyWebhookSignatures({ secret, effects: () => fixture.fulfilmentCount() + extra }),
    );
    expect(message).toMatch(/refused a delivery with no signature with HTTP 400, but its side effect happened \(effects \d+ → \d+\)/);
  });

  it('requires a 4xx, not a 5xx, for refusals', async () => {
    const fixture = createCorrectWebhooks(secret);
    const app = {
      fetch: async (request: Request) => {
        const response = await fixture.app.fetch(request);
        return response.status === 401 ? new Response('boom', { status: 500 }) : response;
      },
    };
    const message = await failureOf(expect(endpoint(app, '/webhooks')).toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/answered a delivery signed with the wrong secret with HTTP 500 instead of a 4xx refusal/);
  });

  it('works with .not: passes on a broken verifier, fails on a correct one', async () => {
    await expect(endpoint(createNoTimestampCheck(secret).app, '/webhooks')).not.toVerifyWebhookSignatures({ secret });
    const message = await failureOf(expect(endpoint(createCorrectWebhooks(secret).app, '/webhooks')).not.toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/\.not\.toVerifyWebhookSignatures/);
    expect(message).toMatch(/refused .* forged, tampered, stale and malformed ones/);
  });

  it('accepts every rotated secret and several signatures in one header', async () => {
    const next = newWebhookSecret();
    const fixture = createCorrectWebhooks(next);
    // The fixture holds only `next`; a matcher given [next, old] expects `old` alone to be accepted too.
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret: [next, secret] }));
    expect(message).toMatch(/refused a delivery signed only with rotated secret #2: HTTP 401/);
    await expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret: [next] });
  });

  it('never puts the secret into the message or the evidence', async ({ task }) => {
    const canary = `whsec_${Buffer.from('canary-secret-0123456789-abcdef').toString('base64')}`;
    const fixture = createRawBodyReserialised(canary);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret: canary }));
    const recorded = JSON.stringify(recordedEvidence(task));
    for (const text of [message, recorded]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(canary.slice('whsec_'.length));
    }
  });

  it('reports misuse clearly', async () => {
    const fixture = createCorrectWebhooks(secret);
    const misuse = async (received: unknown, options: unknown) => {
      try {
        await expect(received).toVerifyWebhookSignatures(options as never);
      } catch (error) {
        expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected misuse');
    };
    expect(await misuse(fixture.app, { secret })).toMatch(/expects an endpoint/);
    expect(await misuse(endpoint(fixture.app, '/webhooks'), {})).toMatch(/secret:/);
    expect(await misuse(endpoint(fixture.app, '/webhooks'), { secret, toleranceSeconds: -1 })).toMatch(/toleranceSeconds:/);
    expect(await misuse(endpoint(fixture.app, '/webhooks'), { secret, scheme: 'v9' })).toMatch(/scheme:/);
    expect(await misuse(endpoint(fixture.app, '/webhooks'), { secret, effects: 3 })).toMatch(/effects:/);
  });
});
