import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { createCorrectWebhooks } from '../fixtures/webhooks/correct.js';
import { createLogDropsType } from '../fixtures/webhooks/log-drops-type.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const secret = newWebhookSecret();

describe('toLogWebhookEvents', () => {
  it('passes when every delivered event is logged with its type', async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    await expect(endpoint(fixture.app, '/webhooks')).toLogWebhookEvents({ secret, log: fixture.eventLog });
    expect(fixture.eventLog().map((e) => e.type)).toEqual(['session.completed', 'session.failed', 'session.expired']);
    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({ pass: true, area: 'webhooks' });
    expect(evidence?.checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(evidence?.probes).toHaveLength(3);
  });

  it('fails on an event log that drops one event type, naming the event', async () => {
    const fixture = createLogDropsType(secret);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toLogWebhookEvents({ secret, log: fixture.eventLog }));
    expect(message).toMatch(/did not log 1 of 3 delivered events/);
    expect(message).toMatch(/session\.expired evt_\w{24} was accepted \(HTTP 200\) but is not in the event log/);
  });

  it('reports an event logged under the wrong type, and refused deliveries', async () => {
    const fixture = createCorrectWebhooks(secret);
    const wrongType = () => fixture.eventLog().map((e) => ({ ...e, type: e.type === 'session.failed' ? 'session.expired' : e.type }));
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toLogWebhookEvents({ secret, log: wrongType }));
    expect(message).toMatch(/session\.failed evt_\w+ is logged with type session\.expired/);

    const other = createCorrectWebhooks(newWebhookSecret());
    const refused = await failureOf(expect(endpoint(other.app, '/webhooks')).toLogWebhookEvents({ secret, log: other.eventLog, types: ['session.completed'] }));
    expect(refused).toMatch(/session\.completed evt_\w+ was refused: HTTP 401/);
  });

  it("delivers the integration's event type names, given or taken from the sandbox", async ({ task }) => {
    const fixture = createCorrectWebhooks(secret);
    const eventTypes = { 'session.completed': 'checkout.paid', 'session.expired': 'checkout.expired' };
    await expect(endpoint(fixture.app, '/webhooks')).toLogWebhookEvents({ secret, log: fixture.eventLog, eventTypes });
    expect(fixture.eventLog().map((e) => e.type)).toEqual(['checkout.paid', 'session.failed', 'checkout.expired']);

    await using sandbox = createSandbox({ eventTypes });
    const shop = createCorrectWebhooks(sandbox.credentials.webhookSecret);
    const hook = endpoint(shop.app, '/webhooks');
    await expect(hook).toLogWebhookEvents({ sandbox, log: shop.eventLog });
    // The events delivered were the sandbox's own, emitted under the integration's names.
    expect(shop.eventLog().map((e) => e.id)).toEqual(sandbox.events.map((e) => e.id));
    expect(recordedEvidence(task)[1]?.details).toMatchObject({ events: 'sandbox', types: ['checkout.paid', 'session.failed', 'checkout.expired'] });
    expect(sandbox.events.map((e) => e.type)).toEqual(['checkout.paid', 'session.failed', 'checkout.expired']);

    const error = await expect(hook)
      .toLogWebhookEvents({ sandbox, eventTypes, log: fixture.eventLog })
      .catch((e: unknown) => e);
    expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
    expect((error as Error).message).toMatch(/eventTypes: the sandbox emits the events, so name them once on createSandbox\(\{ eventTypes \}\)/);
  });

  it('works with .not', async () => {
    const buggy = createLogDropsType(secret);
    await expect(endpoint(buggy.app, '/webhooks')).not.toLogWebhookEvents({ secret, log: buggy.eventLog });
  });

  it('reports misuse and a log of the wrong shape', async () => {
    const fixture = createCorrectWebhooks(secret);
    const error = await expect(endpoint(fixture.app, '/webhooks'))
      .toLogWebhookEvents({ secret } as never)
      .catch((e: unknown) => e);
    expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
    expect((error as Error).message).toMatch(/log: expected log to be a function/);
    const message = await failureOf(expect(endpoint(fixture.app, '/webhooks')).toLogWebhookEvents({ secret, log: () => 'nope' as never }));
    expect(message).toMatch(/log\(\) did not return an array of \{ id, type \}/);
  });
});
