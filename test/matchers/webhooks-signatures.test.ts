import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { isLaunchError } from '../../src/errors.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { createConfirmingWebhooks } from '../fixtures/webhooks/confirming.js';
import { createConfirmingWritesBeforeVerifying } from '../fixtures/webhooks/confirming-writes-before-verifying.js';
import { createCorrectWebhooks } from '../fixtures/webhooks/correct.js';
import { createOversizedHeaderThrows } from '../fixtures/webhooks/oversized-header-throws.js';
import { createWritesBeforeVerifying } from '../fixtures/webhooks/writes-before-verifying.js';
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
      expect.arrayContaining([
        'signed',
        'raw-body',
        'several-signatures',
        'unsigned',
        'wrong-secret',
        'tampered',
        'other-message',
        'stale-timestamp',
        'future-timestamp',
        'downgraded-version',
        'unknown-version',
        'truncated',
        'oversized-header',
      ]),
    );
    const unsigned = evidence?.probes.find((p) => p.name === 'unsigned');
    expect(unsigned).toMatchObject({ ok: true, expected: '4xx, no side effect', request: { method: 'POST', path: '/webhooks' }, response: { status: 400 } });
    expect(unsigned?.durationMs).toBeGreaterThanOrEqual(0);
    // The positive control ran first: the signed delivery moved the counter.
    expect(evidence?.probes.find((p) => p.name === 'signed')).toMatchObject({ ok: true, expected: '2xx, effects move (positive control)' });
    expect(evidence?.checks).toEqual([
      {
        name: expect.stringMatching(/^positive control: effects move for the correctly signed delivery of session\.completed evt_/),
        ok: true,
        detail: 'effects 0 → 1 (HTTP 200)',
      },
    ]);
    expect(evidence?.details).toMatchObject({
      events: 'synthetic',
      sideEffectsChecked: true,
      positiveControl: { ran: true, passed: true, effectsBefore: 0, effectsAfter: 1 },
    });
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
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret, toleranceSeconds: 100 }));
    expect(message).toMatch(/accepted a delivery whose timestamp was 200 s old \(tolerance 100 s\): HTTP 200/);
  });

  it('catches a handler that writes before it verifies, with a counter that sees the probes', async ({ task }) => {
    const fixture = createWritesBeforeVerifying(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret, effects: fixture.fulfilmentCount }));
    expect(message).toMatch(
      /refused a delivery signed with the wrong secret with HTTP 401, but its side effect happened \(effects \d+ → \d+\): nothing may be written before the signature is verified/,
    );
    expect(message).toMatch(/refused a delivery whose body was changed after signing with HTTP 401, but its side effect happened/);
    expect(recordedEvidence(task)[0]?.checks[0]).toMatchObject({ ok: true, detail: expect.stringMatching(/^effects 0 → \d+ \(HTTP 200\)$/) });
  });

  it('catches it with a given event too, though every probe is then about the same session', async () => {
    const fixture = createWritesBeforeVerifying(secret);
    const event = { type: 'session.completed', data: { object: { id: 'ses_SharedSharedSharedShared', amount: 4200 } } };
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ secret, event, effects: fixture.fulfilmentCount }));
    // Refusals go first, so the forged completion is written while the session is still unfulfilled.
    expect(message).toMatch(/failed 1 of 13 signature probes/);
    expect(message).toContain('refused a delivery with no signature with HTTP 400, but its side effect happened (effects 0 → 1)');
    expect(message).not.toContain('cannot observe');
  });

  it('fails when the effects counter cannot see the probes, instead of counting its refusals', async ({ task }) => {
    // A thin-payload integration confirms sessions with 0Bit: made-up probe sessions never move its count.
    await using sandbox = createSandbox();
    await sandbox.start();
    const account = { apiBase: sandbox.baseUrl, secretKey: sandbox.credentials.secretKey, webhookSecret: sandbox.credentials.webhookSecret };
    const buggy = createConfirmingWritesBeforeVerifying(account);
    const message = await failureOf(
      expect(endpoint(buggy.app, '/webhooks')).toVerifyWebhookSignatures({ secret: account.webhookSecret, effects: buggy.fulfilmentCount }),
    );
    expect(message).toContain('POST /webhooks: the effects counter cannot see the signature probes, so its refusals prove nothing (standard scheme)');
    expect(message).toMatch(
      /the effects counter did not move for the correctly signed delivery of session\.completed evt_\w+ \(HTTP 200; effects 0 → 0\): it cannot observe these probes, so unchanged counts after its refusals prove nothing/,
    );
    expect(message).toMatch(
      /to wire it: the deliveries carried a made-up session\.completed about session ses_\w+, which an integration that confirms sessions with 0Bit ignores\. Pass sandbox/,
    );
    const [evidence] = recordedEvidence(task);
    expect(evidence?.probes.find((p) => p.name === 'unsigned')).toMatchObject({
      ok: false,
      expected: '4xx, no side effect (not counted: the effects counter did not move for the accepted delivery)',
    });
    expect(evidence?.details).toMatchObject({ sideEffectsChecked: false, positiveControl: { ran: true, passed: false } });

    // Wired to the sandbox, the probes are about real sessions, and the bug shows.
    const wired = await failureOf(expect(endpoint(buggy.app, '/webhooks')).toVerifyWebhookSignatures({ sandbox, effects: buggy.fulfilmentCount }));
    expect(wired).toMatch(/refused a delivery signed with the wrong secret with HTTP 401, but its side effect happened \(effects \d+ → \d+\)/);
    expect(wired).not.toContain('cannot observe');
  });

  it('passes a correct thin-payload integration wired to the sandbox: real sessions accepted, forged completions of open ones refused', async ({ task }) => {
    await using sandbox = createSandbox();
    await sandbox.start();
    const fixture = createConfirmingWebhooks({
      apiBase: sandbox.baseUrl,
      secretKey: sandbox.credentials.secretKey,
      webhookSecret: sandbox.credentials.webhookSecret,
    });
    await expect(endpoint(fixture.app, '/webhooks')).toVerifyWebhookSignatures({ sandbox, effects: fixture.fulfilmentCount });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({ events: 'sandbox', sideEffectsChecked: true });
    // Accepted probes carried completions of sessions the sandbox really completed (the
    // oversized one too, which this fixture refuses: the sandbox's own delivery brings it later).
    const completed = sandbox.sessions.list('completed').map((s) => s.id);
    expect(completed).toHaveLength(4);
    expect(
      fixture
        .fulfilments()
        .map((f) => f.sessionId)
        .every((id) => completed.includes(id)),
    ).toBe(true);
    expect(fixture.fulfilmentCount()).toBe(3);
    // Forged ones claimed completion of sessions that stayed open.
    expect(sandbox.sessions.list('open')).toHaveLength(9);
  });

  it('lets the oversized header be accepted or refused, but fails a 5xx', async () => {
    const message = await failureOf(expect(endpoint(createOversizedHeaderThrows(secret).app, '/webhooks')).toVerifyWebhookSignatures({ secret }));
    expect(message).toMatch(/failed 1 of 13 signature probes/);
    expect(message).toContain(
      'answered a delivery whose signature header exceeded 24 KiB (the valid signature after hundreds of junk ones) with HTTP 500: accept it (any one valid signature suffices) or refuse it with a 4xx',
    );
  });

  it('fails an oversized header that gets no answer in time', async () => {
    const fixture = createCorrectWebhooks(secret);
    // Hangs on a long signature header instead of answering it.
    const app = {
      fetch: (r: Request) => ((r.headers.get('webhook-signature')?.length ?? 0) > 16_384 ? new Promise<Response>(() => {}) : fixture.app.fetch(r)),
    };
    const message = await failureOf(expect(endpoint(app, '/webhooks')).toVerifyWebhookSignatures({ secret, timeoutMs: 200 }));
    expect(message).toContain(
      'gave no answer to a delivery whose signature header exceeded 24 KiB (the valid signature after hundreds of junk ones) (POST /webhooks did not answer within 200 ms)',
    );
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
