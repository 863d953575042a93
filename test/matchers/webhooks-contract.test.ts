import { fileURLToPath } from 'node:url';
import { types } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { isLaunchError } from '../../src/errors.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { loadSandboxOpenApi } from '../../src/sandbox/openapi.js';
import { loadWebhookContract } from '../../src/webhooks/contract.js';
import { documentedOnly, isDocumented, undocumentedFields } from '../../src/webhooks/contract-schema.js';
import { traceReads } from '../../src/webhooks/contract-trace.js';
import { createConfirmingWebhooks } from '../fixtures/webhooks/confirming.js';
import { createCorrectWebhooks } from '../fixtures/webhooks/correct.js';
import { createFulfilsUnknownType } from '../fixtures/webhooks/fulfils-unknown-type.js';
import { createReadsUndocumentedTier } from '../fixtures/webhooks/reads-undocumented-tier.js';
import { createRefusesUndocumentedFields } from '../fixtures/webhooks/refuses-undocumented-fields.js';
import { createUnknownType500 } from '../fixtures/webhooks/unknown-type-500.js';
import { referenceMerchant } from '../fixtures/webhooks/reference-merchant.js';
import { createDoubleFulfilLedger } from '../fixtures/idempotency/double-fulfil-ledger.js';
import { WEBHOOK_SECRET } from '../fixtures/targets/integration.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { STACKS, type Stack } from '../targets/frameworks.js';
import { failureOf } from '../support/failure.js';

/** The event types of the sandbox's OpenAPI document, in its order: the default contract. */
const CONTRACT_TYPES = Object.keys(loadSandboxOpenApi().webhooks ?? {});

const secret = newWebhookSecret();
const referenceYaml = fileURLToPath(new URL('../fixtures/webhooks/contract-reference.yaml', import.meta.url));
const TYPES = CONTRACT_TYPES;

async function misuseOf(assertion: Promise<unknown>): Promise<string> {
  try {
    await assertion;
  } catch (error) {
    expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a misuse error');
}

describe('toHonourWebhookContract', () => {
  it('passes on a handler that acts only on documented fields, recording every probe with redacted bodies', async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    await expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: { fulfilment: fixture.fulfilmentCount } });

    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({ matcher: 'toHonourWebhookContract', area: 'webhooks', pass: true });
    expect(evidence?.summary).toMatch(
      /^POST \/webhooks honoured the webhook contract \(the sandbox's OpenAPI document \(0Bit sandbox \(simulated\) 1\.0\.0\)\) for session\.completed, session\.failed, session\.expired/,
    );
    const names = evidence!.probes.map((p) => p.name);
    for (const type of TYPES) {
      expect(names).toEqual(
        expect.arrayContaining([
          `documented ${type}`,
          `documented ${type} (traced)`,
          `undocumented fields added ${type}`,
          `undocumented fields changed ${type}`,
          `replay ${type}`,
        ]),
      );
    }
    // "As sent" only where the sender's event carries more than the contract documents (the sandbox's session events do).
    for (const type of ['session.completed', 'session.failed', 'session.expired']) expect(names).toContain(`as sent ${type}`);
    expect(names).toEqual(expect.arrayContaining(['unknown type session.updated', 'signature in x-webhook-signature session.completed']));
    expect(evidence!.probes.every((p) => p.ok)).toBe(true);

    const documented = evidence!.probes.find((p) => p.name === 'documented session.completed')!;
    expect(documented).toMatchObject({ expected: '2xx, effects move (positive control)', response: { status: 200 } });
    // Only documented fields: the free-form metadata arrives empty.
    expect(JSON.parse(documented.request.body!).data.object.metadata).toEqual({});
    const added = evidence!.probes.find((p) => p.name === 'undocumented fields added session.completed')!;
    expect(added.expected).toBe('same response and effects as documented fields only: caused fulfilment +1 (HTTP 200)');
    expect(JSON.parse(added.request.body!).data.object.metadata).toMatchObject({ order: expect.any(String), note: expect.any(String) });
    expect(evidence!.probes.find((p) => p.name === 'replay session.completed')).toMatchObject({
      expected: 'same response as the first delivery (HTTP 200), no effect',
      response: { status: 200 },
    });
    expect(evidence!.probes.find((p) => p.name === 'unknown type session.updated')).toMatchObject({ expected: '2xx, no effect', response: { status: 200 } });
    expect(evidence!.probes.find((p) => p.name.startsWith('signature in'))).toMatchObject({ expected: '4xx, no effect', response: { status: 400 } });

    expect(evidence!.checks).toEqual([
      {
        name: 'positive control: fulfilment moves for a delivery with only documented fields',
        ok: true,
        detail: CONTRACT_TYPES.map((t) => `${t}: ${t === 'session.completed' ? '+1' : '+0'} (HTTP 200)`).join('; '),
      },
      {
        name: 'the deliveries carry the headers the contract names',
        ok: true,
        detail: 'contract: webhook-id, webhook-timestamp, webhook-signature; sent: content-type, webhook-id, webhook-timestamp, webhook-signature',
      },
    ]);
    expect(evidence!.details).toMatchObject({
      eventTypes: CONTRACT_TYPES,
      signatureHeaders: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
      events: 'synthetic',
      unknownType: 'session.updated',
      positiveControl: { fulfilment: { passed: true } },
      types: { 'session.completed': { documented: { status: 200, effects: { fulfilment: 1 } }, trace: 'used', dependsOn: [] } },
    });
    // The canary: the webhook secret, in any form, reaches no evidence.
    const text = JSON.stringify(evidence);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice('whsec_'.length));
  });

  it('passes on the reference merchant wired to the sandbox, in-process and as a request listener on loopback', async ({ task }) => {
    await using ref = await referenceMerchant();
    const effects = { fulfilment: () => ref.merchant.fulfilmentCount() };
    await expect(endpoint(ref.merchant.app, '/webhooks/0bit')).toHonourWebhookContract({ sandbox: ref.sandbox, effects });
    await expect(endpoint(ref.merchant.listener, '/webhooks/0bit')).toHonourWebhookContract({ sandbox: ref.sandbox, effects });

    for (const evidence of recordedEvidence(task)) {
      expect(evidence.pass).toBe(true);
      expect(evidence.details).toMatchObject({ events: 'sandbox', types: { 'session.completed': { trace: 'used', dependsOn: [] } } });
      // The sandbox's own events carry its session metadata, which the contract leaves free-form.
      expect((evidence.details.types as Record<string, { undocumentedFields: string[] }>)['session.completed']!.undocumentedFields).toEqual(
        expect.arrayContaining(['data.object.metadata.probe', 'data.object.metadata.note']),
      );
    }
    // What the merchant fulfilled, the sandbox really completed.
    const completed = new Set(ref.sandbox.sessions.list('completed').map((s) => s.id));
    expect(ref.merchant.fulfilments().length).toBeGreaterThan(0);
    expect(ref.merchant.fulfilments().every((f) => completed.has(f.sessionId))).toBe(true);
  });

  it('fails on a handler whose fulfilment reads an undocumented field, naming the field', async ({ task }) => {
    const fixture = createReadsUndocumentedTier(secret);
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: { fulfilment: fixture.fulfilmentCount } }),
    );
    expect(message).toContain('POST /webhooks does not honour the webhook contract');
    expect(message).toContain(
      '• fulfilment depends on data.object.metadata.tier, which the contract does not document: session.completed with documented fields only caused no effect (HTTP 200); with data.object.metadata.tier added ("0bit-launch probe") it caused fulfilment +1 (HTTP 200)',
    );
    expect(message).toContain(
      `• no delivery with only documented fields moved fulfilment (${CONTRACT_TYPES.map((t) => `${t}: HTTP 200`).join('; ')}): it moved only when undocumented fields were present`,
    );
    expect(message).not.toContain('together');
    expect(message).not.toContain('cannot observe');

    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({
      types: { 'session.completed': { trace: 'used', dependsOn: ['data.object.metadata.tier'] } },
      positiveControl: { fulfilment: { passed: false } },
    });
    const isolated = evidence!.probes.find((p) => p.name === 'only data.object.metadata.tier added session.completed');
    expect(isolated).toMatchObject({ ok: false, expected: 'same response and effects as documented fields only: caused no effect (HTTP 200)' });
    expect(JSON.parse(isolated!.request.body!).data.object.metadata).toEqual({ tier: '0bit-launch probe' });
  });

  it('calls a single unnamed counter "the effect"', async () => {
    const fixture = createReadsUndocumentedTier(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: fixture.fulfilmentCount }));
    expect(message).toContain(
      '• the effect depends on data.object.metadata.tier, which the contract does not document: session.completed with documented fields only caused no effect (HTTP 200); with data.object.metadata.tier added ("0bit-launch probe") it caused 1 effect (HTTP 200)',
    );
    expect(message).toContain('no delivery with only documented fields moved the effects counter');
  });

  it('fails on a handler that answers an unknown event type with 500', async ({ task }) => {
    const fixture = createUnknownType500(secret);
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: { fulfilment: fixture.fulfilmentCount } }),
    );
    expect(message).toContain(
      "POST /webhooks does not honour the webhook contract (the sandbox's OpenAPI document (0Bit sandbox (simulated) 1.0.0)): 1 problem\n",
    );
    expect(message).toContain(
      '• answered the unknown event type session.updated with HTTP 500: acknowledge event types you do not handle with a 2xx (anything else is retried, then dead-lettered)',
    );
    const [evidence] = recordedEvidence(task);
    expect(evidence?.probes.find((p) => p.name === 'unknown type session.updated')).toMatchObject({
      ok: false,
      expected: '2xx, no effect',
      response: { status: 500 },
    });
    expect(evidence?.probes.filter((p) => !p.ok)).toHaveLength(1);
  });

  it('fails on a handler that fulfils an unknown event type', async () => {
    const fixture = createFulfilsUnknownType(secret);
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: { fulfilment: fixture.fulfilmentCount } }),
    );
    expect(message).toContain(': 1 problem\n');
    expect(message).toContain(
      '• the unknown event type session.updated caused fulfilment +1 (HTTP 200): act only on event types the contract documents; log and acknowledge the others',
    );
  });

  it('fails on a handler that refuses deliveries carrying fields its schema does not list', async () => {
    const fixture = createRefusesUndocumentedFields(secret);
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: { fulfilment: fixture.fulfilmentCount } }),
    );
    expect(message).toMatch(
      /• the response and fulfilment depend on x_undocumented_\w{6}, which the contract does not document: session\.completed with documented fields only caused fulfilment \+1 \(HTTP 200\); with x_undocumented_\w{6} added \("0bit-launch probe"\) it caused no effect \(HTTP 400\)/,
    );
    expect(message).toMatch(
      /• the response depends on data\.object\.x_undocumented_\w{6}, which the contract does not document: session\.failed with documented fields only caused no effect \(HTTP 200\); with data\.object\.x_undocumented_\w{6} added/,
    );
    // Metadata is a free-form record in its schema, so keys added there are accepted.
    expect(message).not.toContain('depends on data.object.metadata');
  });

  it('fails on a handler that fulfils a replayed delivery again', async () => {
    const fixture = createDoubleFulfilLedger(secret);
    const message = await failureOf(
      expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: { fulfilment: fixture.fulfilmentCount } }),
    );
    expect(message).toMatch(
      /• the replay of session\.completed evt_\w{24} \(same webhook-id and body, signed anew\) caused fulfilment \+1, expected none: the webhook-id is the event's idempotency key/,
    );
    expect(message).not.toMatch(/replay of session\.failed/);
  });

  it('fails when the effects counter cannot see the probes, and passes once wired to the sandbox', async ({ task }) => {
    // A thin-payload integration confirms sessions with 0Bit: made-up sessions never move its count.
    await using sandbox = createSandbox();
    await sandbox.start();
    const fixture = createConfirmingWebhooks({
      apiBase: sandbox.baseUrl,
      secretKey: sandbox.credentials.secretKey,
      webhookSecret: sandbox.credentials.webhookSecret,
    });
    const hook = endpoint(fixture.app, '/webhooks');
    const effects = { fulfilment: fixture.fulfilmentCount };
    const message = await failureOf(expect(hook).toHonourWebhookContract({ secret: sandbox.credentials.webhookSecret, effects }));
    expect(message).toContain(
      `• fulfilment did not move for any delivery with only documented fields (${CONTRACT_TYPES.map((t) => `${t}: HTTP 200`).join('; ')}), nor for any other probe: it cannot observe these probes, so unchanged counts prove nothing`,
    );
    expect(message).toMatch(
      /• to wire it: the deliveries carried made-up events \(session\.completed about session ses_\w+\), which an integration that confirms sessions with 0Bit ignores\. Pass sandbox \(the probes are then its own events about its real sessions\)/,
    );
    const [blind] = recordedEvidence(task);
    expect(blind?.probes.find((p) => p.name === 'replay session.completed')).toMatchObject({
      ok: false,
      expected: 'same response as the first delivery (HTTP 200), no effect (not counted: fulfilment did not move for any delivery)',
    });

    await expect(hook).toHonourWebhookContract({ sandbox, effects });
  });

  it('negates: .not passes on a broken handler and fails on a correct one', async () => {
    const broken = createReadsUndocumentedTier(secret);
    await expect(endpoint(broken.app, '/webhooks')).not.toHonourWebhookContract({ secret, effects: broken.fulfilmentCount });
    const correct = createCorrectWebhooks(secret);
    const message = await failureOf(expect(endpoint(correct.app, '/webhooks')).not.toHonourWebhookContract({ secret, effects: correct.fulfilmentCount }));
    expect(message).toContain('expect(endpoint).not.toHonourWebhookContract()');
    expect(message).toContain('POST /webhooks honoured the webhook contract');
  });

  it("reads the user's copy of the reference from YAML: event types by const, $ref'd headers, examples for types the sandbox does not emit", async ({
    task,
  }) => {
    const fixture = createCorrectWebhooks(secret);
    await expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: fixture.fulfilmentCount, contract: referenceYaml });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({
      contract: referenceYaml,
      eventTypes: ['session.completed', 'refund.created'],
      signatureHeaders: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
    });
    const types = evidence!.details.types as Record<string, { undocumentedFields: string[] }>;
    // This reference documents fewer session fields than the sandbox's, and not the example's refund reason.
    expect(types['session.completed']!.undocumentedFields).toEqual(expect.arrayContaining(['data.object.asset', 'data.object.metadata']));
    expect(types['refund.created']!.undocumentedFields).toContain('data.object.reason');
    const refund = JSON.parse(evidence!.probes.find((p) => p.name === 'documented refund.created')!.request.body!);
    // The example, about a fresh refund each time, with only documented fields.
    expect(refund.data.object).toMatchObject({ object: 'refund', session: 'ses_ExampleExampleExample01', amount: 4200 });
    expect(refund.data.object.id).toMatch(/^re_\w{23}$/);
    expect(refund.data.object.id).not.toBe('re_ExampleExampleExample01');
    expect(refund.data.object.reason).toBeUndefined();
  });

  it('fails when the contract names signature headers the integration does not verify', async () => {
    const fixture = createCorrectWebhooks(secret);
    const contract = loadSandboxOpenApi();
    const webhooks = contract.webhooks as Record<string, { post: { parameters: Array<{ name: string; in: string }> } }>;
    for (const hook of Object.values(webhooks)) hook.post.parameters = [{ name: 'X-0Bit-Signature', in: 'header' }];
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toHonourWebhookContract({ secret, effects: fixture.fulfilmentCount, contract }));
    expect(message).toContain(': 1 problem\n');
    expect(message).toContain(
      '• the contract names the delivery headers x-0bit-signature, but the standard scheme the integration verifies sends no x-0bit-signature: verify the signature headers the contract names',
    );
  });

  it('refuses misuse with a message that names the option and the place', async () => {
    const fixture = createCorrectWebhooks(secret);
    const hook = endpoint(fixture.app, '/webhooks');
    const effects = fixture.fulfilmentCount;
    expect(await misuseOf(expect(hook).toHonourWebhookContract({ secret } as never))).toMatch(/^toHonourWebhookContract: effects: expected effects/);
    expect(await misuseOf(expect(fixture.app).toHonourWebhookContract({ secret, effects }))).toMatch(/expects an endpoint/);
    expect(
      await misuseOf(expect(hook).toHonourWebhookContract({ secret, effects, contract: { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} } })),
    ).toBe('toHonourWebhookContract: contract: not a webhook contract: webhooks: expected the webhooks the contract documents (OpenAPI 3.1 `webhooks`)');
    expect(await misuseOf(expect(hook).toHonourWebhookContract({ secret, effects, contract: { openapi: '3.0.3', webhooks: {} } }))).toMatch(
      /openapi: expected an OpenAPI 3\.1 document/,
    );
    // An unreadable document is an I/O fault, not misuse: its own code.
    await expect(expect(hook).toHonourWebhookContract({ secret, effects, contract: '/nonexistent/reference.yaml' })).rejects.toMatchObject({
      code: 'MATCHER_INPUT_UNREADABLE',
      message: expect.stringMatching(/\/nonexistent\/reference\.yaml cannot be read \(ENOENT\)/),
    });

    const noExample = loadSandboxOpenApi();
    (noExample.webhooks as Record<string, unknown>)['payout.paid'] = (noExample.webhooks as Record<string, unknown>)['session.failed'];
    expect(await misuseOf(expect(hook).toHonourWebhookContract({ secret, effects, contract: noExample }))).toBe(
      'toHonourWebhookContract: contract.webhooks["payout.paid"]: payout.paid is not an event the sandbox emits, and the contract gives no example to send: add one (requestBody.content["application/json"].example)',
    );
  });
});

describe.each(Object.keys(STACKS))('toHonourWebhookContract on %s', (name) => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close?.();
    stack = undefined;
  });

  it("passes, with the handler's own JSON parse traced", async ({ task }) => {
    stack = await STACKS[name]!();
    await expect(stack.webhook).toHonourWebhookContract({ secret: WEBHOOK_SECRET, effects: { fulfilment: stack.integration.fulfilments } });
    const types = recordedEvidence(task)[0]!.details.types as Record<string, { trace: string }>;
    expect(Object.values(types).map((t) => t.trace)).toEqual(CONTRACT_TYPES.map(() => 'used'));
  });
});

describe('webhook contract: what is documented, and what a handler reads', () => {
  const contract = loadWebhookContract(loadSandboxOpenApi());
  const completed = contract.types.find((t) => t.name === 'session.completed')!;

  it('documents the sandbox event fields by schema, and none of the free-form metadata keys', () => {
    expect(isDocumented(['data', 'object', 'amount'], completed.body, contract.resolve)).toBe(true);
    expect(isDocumented(['data', 'object', 'metadata'], completed.body, contract.resolve)).toBe(true);
    expect(isDocumented(['data', 'object', 'metadata', 'tier'], completed.body, contract.resolve)).toBe(false);
    expect(isDocumented(['livemode'], completed.body, contract.resolve)).toBe(false);
    const event = {
      id: 'evt_1',
      type: 'session.completed',
      created: 1,
      livemode: false,
      data: { object: { id: 'ses_1', amount: 1, metadata: { tier: 'gold' }, extra: { a: 1 } } },
    };
    expect(documentedOnly(event, [completed.body], contract.resolve)).toEqual({
      id: 'evt_1',
      type: 'session.completed',
      created: 1,
      data: { object: { id: 'ses_1', amount: 1, metadata: {} } },
    });
    expect(undocumentedFields(event, [completed.body], contract.resolve)).toEqual([
      { path: ['livemode'], value: false },
      { path: ['data', 'object', 'metadata', 'tier'], value: 'gold' },
      { path: ['data', 'object', 'extra'], value: { a: 1 } },
    ]);
    expect(completed).toMatchObject({ headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'], signatureHeader: 'webhook-signature' });
  });

  it('traces the lookups in the parse of the delivery body only, present or absent, and restores JSON.parse', async () => {
    const parse = JSON.parse;
    const body = JSON.stringify({ id: 'evt_1', data: { object: { metadata: {} } } });
    const { result, reads } = await traceReads(body, async () => {
      const other = JSON.parse('{"data":{"object":{}}}');
      const event = JSON.parse(body);
      const tier = event.data.object.metadata.tier;
      const hasPlan = 'plan' in event.data.object;
      // A handler that freezes the event keeps working: frozen members are handed out untraced.
      Object.freeze(event.data);
      return { tier, hasPlan, id: event.id, object: event.data.object, otherTraced: types.isProxy(other), eventTraced: types.isProxy(event) };
    });
    expect(JSON.parse).toBe(parse);
    expect(result).toMatchObject({ tier: undefined, hasPlan: false, id: 'evt_1', otherTraced: false, eventTraced: true });
    expect(reads).toEqual(
      expect.arrayContaining([
        { path: ['id'], present: true },
        { path: ['data', 'object', 'metadata', 'tier'], present: false },
        { path: ['data', 'object', 'plan'], present: false },
      ]),
    );
    expect(reads?.some((r) => r.path.includes('then') || r.path.includes('constructor'))).toBe(false);
  });

  it('reports no trace when nothing in this thread parsed the body', async () => {
    const { reads } = await traceReads('{"id":"evt_2"}', async () => JSON.parse('{"id":"evt_3"}'));
    expect(reads).toBeUndefined();
  });
});
