import { afterEach, describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { Integration, WEBHOOK_SECRET } from '../fixtures/targets/integration.js';
import { reserialisingExpressApp } from '../fixtures/targets/express-reserialised.js';
import { STACKS, type Stack } from './frameworks.js';

describe.each(Object.keys(STACKS))('the HTTP matchers on %s', (name) => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close?.();
    stack = undefined;
  });

  it('verify webhook signatures over the raw body and log every event', async () => {
    stack = await STACKS[name]!();
    const { integration } = stack;
    await expect(stack.webhook).toVerifyWebhookSignatures({ secret: WEBHOOK_SECRET, effects: integration.fulfilments });
    await expect(stack.webhook).toLogWebhookEvents({ secret: WEBHOOK_SECRET, log: integration.eventLog });
    expect(integration.fulfilments()).toBeGreaterThan(0);
  });

  it('prove duplicate-safe webhooks and idempotent writes', async () => {
    stack = await STACKS[name]!();
    const { integration } = stack;
    await expect(stack.webhook).toBeDuplicateSafe({ secret: WEBHOOK_SECRET, effects: integration.fulfilments });
    await expect({ ...stack.checkout, method: 'POST', body: { amount: 4200, currency: 'EUR' } }).toBeIdempotent({ effects: integration.checkoutsCreated });
    expect(integration.checkoutsCreated()).toBe(3);
  });
});

describe('a framework adapter that re-serialises the body', () => {
  it('fails toVerifyWebhookSignatures: the signed bytes never reach the verifier', async () => {
    const integration = new Integration();
    const hook = endpoint(reserialisingExpressApp(integration), '/webhooks/0bit');
    await expect(expect(hook).toVerifyWebhookSignatures({ secret: WEBHOOK_SECRET })).rejects.toThrow(/raw|re-?serial/i);
  });
});
