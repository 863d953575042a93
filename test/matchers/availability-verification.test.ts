import { describe, expect, it } from 'vitest';
import { isLaunchError, LaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createNeedsReviewAsVerified } from '../fixtures/availability/needs-review-as-verified.js';
import { referenceMerchant } from '../fixtures/webhooks/reference-merchant.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

/** The reference merchant driven over its own HTTP routes, as a customer and its front end would. */
function merchantIntegration(ref: Awaited<ReturnType<typeof referenceMerchant>>) {
  ref.sandbox.deliverTo(endpoint(ref.merchant.app, '/webhooks/0bit'));
  let customers = 0;
  return {
    sandbox: ref.sandbox,
    async start(type: 'individual' | 'business') {
      const res = await ref.merchant.app.request('/api/verifications', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerId: `cus_${++customers}`, type }),
      });
      if (res.status !== 201) throw new Error(`start answered ${res.status}`);
      return ((await res.json()) as { verificationId: string }).verificationId;
    },
    async state(id: string) {
      return (await ref.merchant.app.request(`/api/verifications/${id}`)).json() as Promise<{ status: string; verified: boolean }>;
    },
  };
}

async function fixture() {
  const sandbox = createSandbox();
  await sandbox.start();
  const app = createNeedsReviewAsVerified({
    apiBase: sandbox.baseUrl,
    secretKey: sandbox.credentials.secretKey,
    webhookSecret: sandbox.credentials.webhookSecret,
    now: () => sandbox.clock.now(),
  });
  sandbox.deliverTo(endpoint(app.webhooks, '/webhooks'));
  return { sandbox, app, [Symbol.asyncDispose]: () => sandbox.stop() };
}

/** A correct in-memory integration that stores its own words for two outcomes. */
function ownWords(sandbox: Sandbox) {
  const words: Record<string, string> = { created: 'started', needs_review: 'in_review', verified: 'verified', rejected: 'rejected', expired: 'expired' };
  const status = new Map<string, string>();
  sandbox.deliverTo(
    endpoint(async (request: Request) => {
      const event = (await request.json()) as { type: string; data: { object: { id: string } } };
      status.set(event.data.object.id, words[event.type.split('.')[1]!]!);
      return new Response(null, { status: 204 });
    }, '/hooks'),
  );
  return {
    sandbox,
    start: (type: 'individual' | 'business') => sandbox.verifications.create({ type }).id,
    state: (id: string) => ({ status: status.get(id) ?? 'none', verified: status.get(id) === 'verified' }),
  };
}

const codeOf = async (assertion: Promise<unknown>) => {
  try {
    await assertion;
  } catch (error) {
    return isLaunchError(error) ? error.code : 'assertion';
  }
  return 'passed';
};

describe('toHandleVerificationOutcomes', () => {
  it('passes on the reference merchant: every KYC and KYB outcome recorded, only verified counted as verified', async ({ task }) => {
    await using ref = await referenceMerchant();
    await expect(merchantIntegration(ref)).toHandleVerificationOutcomes();
    const [evidence] = recordedEvidence(task);
    expect(evidence?.pass).toBe(true);
    expect(evidence?.scope).toEqual({ environment: 'sandbox' });
    expect(evidence?.details).toMatchObject({
      environment: 'sandbox',
      types: ['individual', 'business'],
      outcomes: ['pending', 'needs_review', 'verified', 'rejected', 'expired'],
    });
    const exercised = evidence?.details.exercised as Array<{ type: string; outcome: string; recorded: string; verified: boolean; ok: boolean }>;
    expect(exercised).toHaveLength(18);
    expect(exercised.every((e) => e.ok && e.recorded === e.outcome && e.verified === (e.outcome === 'verified'))).toBe(true);
    expect(evidence?.checks.map((c) => c.name).slice(0, 9)).toEqual([
      'individual (KYC) pending',
      'individual (KYC) needs_review',
      'individual (KYC) needs_review → verified',
      'individual (KYC) pending',
      'individual (KYC) verified',
      'individual (KYC) pending',
      'individual (KYC) rejected',
      'individual (KYC) pending',
      'individual (KYC) expired',
    ]);
    // The merchant's own view agrees: a rejected business is not let through.
    const rejected = exercised.find((e) => e.type === 'business' && e.outcome === 'rejected') as unknown as { verification: string };
    expect(ref.merchant.verification(rejected.verification)).toMatchObject({ type: 'business', status: 'rejected', verified: false });
  });

  it('fails on the one-bug fixture that counts needs_review as verified, naming it', async ({ task }) => {
    await using f = await fixture();
    const message = await failureOf(expect({ sandbox: f.sandbox, start: f.app.start, state: f.app.state }).toHandleVerificationOutcomes());
    expect(message).toContain('the integration treats needs_review as verified');
    expect(message).toMatch(/individual \(KYC\) needs_review, vs_\w+: treats needs_review as verified/);
    expect(message).toMatch(/business \(KYB\) needs_review, vs_\w+: treats needs_review as verified/);
    expect(message).not.toMatch(/rejected|expired|pending, vs_/);
    const [evidence] = recordedEvidence(task);
    expect(evidence?.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['individual (KYC) needs_review', 'business (KYB) needs_review']);
  });

  it('passes under .not on the fixture', async () => {
    await using f = await fixture();
    await expect({ sandbox: f.sandbox, start: f.app.start, state: f.app.state }).not.toHandleVerificationOutcomes();
  });

  it('drives only the types and outcomes asked for, and records exactly those', async ({ task }) => {
    await using ref = await referenceMerchant();
    await expect(merchantIntegration(ref)).toHandleVerificationOutcomes({ types: ['business'], outcomes: ['pending', 'expired'] });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({ types: ['business'], outcomes: ['pending', 'expired'] });
    expect(evidence?.checks.map((c) => c.name)).toEqual(['business (KYB) pending', 'business (KYB) expired']);
  });

  it('compares with the integration’s own words when given, and fails on them when not', async () => {
    await using sandbox = createSandbox();
    await sandbox.start();
    await expect(ownWords(sandbox)).toHandleVerificationOutcomes({ statuses: { pending: 'started', needs_review: 'in_review' } });
    const message = await failureOf(expect(ownWords(sandbox)).toHandleVerificationOutcomes({ types: ['individual'], outcomes: ['needs_review'] }));
    expect(message).toContain('the integration did not record every verification outcome');
    expect(message).toContain('recorded "in_review" instead of "needs_review"');
  });

  it('fails when the integration refuses the events that carry the outcome', async () => {
    await using sandbox = createSandbox({ webhook: { maxAttempts: 1 } });
    await sandbox.start();
    sandbox.deliverTo(endpoint(async (_request: Request) => new Response(null, { status: 401 }), '/hooks'));
    const message = await failureOf(
      expect({
        sandbox,
        start: (type: 'individual' | 'business') => sandbox.verifications.create({ type }).id,
        state: () => ({ status: 'pending', verified: false }),
      }).toHandleVerificationOutcomes({ types: ['individual'] }),
    );
    expect(message).toContain('the integration refused verification_session.created (HTTP 401)');
  });

  it('refuses what it cannot drive', async () => {
    await using sandbox = createSandbox();
    await sandbox.start();
    const start = (type: 'individual' | 'business') => sandbox.verifications.create({ type }).id;
    // No webhook endpoint: nothing could reach the integration.
    expect(await codeOf(expect({ sandbox, start, state: () => ({ status: 'pending', verified: false }) }).toHandleVerificationOutcomes())).toBe(
      'MATCHER_MISUSE',
    );
    sandbox.deliverTo(endpoint(async (_request: Request) => new Response(null, { status: 200 }), '/hooks'));
    expect(
      await codeOf(expect({ sandbox, start: () => 'vs_unknown', state: () => ({ status: 'pending', verified: false }) }).toHandleVerificationOutcomes()),
    ).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect({ sandbox, start, state: () => 'verified' }).toHandleVerificationOutcomes())).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect({ start, state: start }).toHandleVerificationOutcomes())).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect({ sandbox, start, state: start }).toHandleVerificationOutcomes({ outcomes: ['approved'] } as never))).toBe('MATCHER_MISUSE');
  });

  it('passes on a sandbox failure with its own code: only a sandbox with nowhere to deliver is misuse', async () => {
    await using sandbox = createSandbox();
    await sandbox.start();
    const start = (type: 'individual' | 'business') => sandbox.verifications.create({ type }).id;
    const broken = Object.assign(Object.create(sandbox) as Sandbox, {
      flush: () => Promise.reject(new LaunchError('SANDBOX_LISTEN_FAILED', 'the sandbox stopped listening')),
    });
    expect(await codeOf(expect({ sandbox: broken, start, state: () => ({ status: 'pending', verified: false }) }).toHandleVerificationOutcomes())).toBe(
      'SANDBOX_LISTEN_FAILED',
    );
  });
});
