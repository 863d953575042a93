import { afterEach, describe, expect, it } from 'vitest';
import { createMerchant, CLIENT_PUBLISHABLE_KEY, type Alert } from '../../examples/merchant/app.js';
import { endpoint } from '../../src/http/target.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';

/** The merchant against the in-process 0Bit sandbox: the path a real launch takes. */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function setup() {
  sandbox = createSandbox({ credentials: { publishableKey: CLIENT_PUBLISHABLE_KEY } });
  await sandbox.start();
  const alerts: Alert[] = [];
  const clock = sandbox.clock;
  const merchant = createMerchant({
    zerobit: {
      apiBase: sandbox.baseUrl,
      secretKey: sandbox.credentials.secretKey,
      publishableKey: sandbox.credentials.publishableKey,
      webhookSecrets: [sandbox.credentials.webhookSecret],
    },
    allowedOrigins: ['https://shop.example'],
    returnUrls: ['https://shop.example/checkout/return'],
    now: () => clock.now(),
    alertSink: (alert) => void alerts.push(alert),
  });
  sandbox.deliverTo(endpoint(merchant.app, '/webhooks/0bit'));
  const checkout = async (key: string) => {
    const res = await merchant.app.request('/api/checkout/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ amount: 2500, currency: 'EUR', returnUrl: 'https://shop.example/checkout/return' }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { sessionId: string; clientSecret: string };
  };
  return { sandbox, merchant, alerts, checkout };
}

describe('merchant with the 0Bit sandbox', () => {
  it('pays a checkout end to end: session, completion, verified webhook, one fulfilment', async () => {
    const { sandbox, merchant, checkout } = await setup();
    const { sessionId, clientSecret } = await checkout('order-1');
    expect(clientSecret.startsWith(`${sessionId}_secret_`)).toBe(true);

    sandbox.sessions.complete(sessionId);
    await sandbox.flush();

    expect(merchant.eventLog().map((e) => e.type)).toEqual(['session.completed']);
    expect(merchant.fulfilments()).toMatchObject([{ sessionId, amount: 2500, currency: 'EUR' }]);
    const last = sandbox.deliveries.at(-1)!;
    expect(last).toMatchObject({ ok: true, status: 200 });
    const results = await merchant.runMonitors();
    expect(results.every((r) => !r.fired)).toBe(true);
  });

  it('stays at one fulfilment under duplicate, concurrent and out-of-order redelivery', async () => {
    const { sandbox, merchant, checkout } = await setup();
    const first = await checkout('order-1');
    const second = await checkout('order-2');
    sandbox.sessions.fail(first.sessionId);
    sandbox.sessions.complete(second.sessionId);
    await sandbox.flush();
    const [failed, completed] = sandbox.events.slice(-2);
    await sandbox.deliver(completed!, { times: 5, concurrent: true, outOfOrderWith: [failed!] });
    expect(merchant.fulfilmentCount()).toBe(1);
    expect(merchant.eventLog()).toHaveLength(2);
  });

  it('raises webhook_dead_letters and reconciliation_backlog when deliveries are dead-lettered', async () => {
    const { sandbox, merchant, alerts, checkout } = await setup();
    const { sessionId } = await checkout('order-1');
    sandbox.forceDeadLetter(1);
    sandbox.sessions.complete(sessionId);
    await sandbox.drain();

    expect(merchant.fulfilmentCount()).toBe(0);
    await merchant.runMonitors();
    expect(alerts.map((a) => [a.signal, a.value]).sort()).toEqual([
      ['reconciliation_backlog', 1],
      ['webhook_dead_letters', 1],
    ]);
  });
});
