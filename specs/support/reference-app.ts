import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { CLIENT_PUBLISHABLE_KEY, createMerchant, type Alert, type Merchant } from '../../examples/merchant/app.js';
import { endpoint, type Endpoint } from '0bit-launch';
import { createSandbox, type Sandbox } from '0bit-launch/sandbox';

export const SHOP_ORIGIN = 'https://shop.example';
export const RETURN_URL = 'https://shop.example/checkout/return';

export interface ReferenceApp extends AsyncDisposable {
  sandbox: Sandbox;
  merchant: Merchant;
  /** The merchant on a real HTTP server on 127.0.0.1: what the specs probe. */
  url: string;
  webhooks: Endpoint;
  /** What the merchant's alert sink received, in order. */
  alerts: Alert[];
}

/**
 * The reference merchant integration on a real port, talking to a started simulated
 * sandbox on the sandbox's virtual clock, with its webhooks delivered by the sandbox.
 */
export async function startReferenceApp(): Promise<ReferenceApp> {
  const sandbox = createSandbox({ credentials: { publishableKey: CLIENT_PUBLISHABLE_KEY } });
  const alerts: Alert[] = [];
  const merchant = createMerchant({
    zerobit: {
      apiBase: sandbox.baseUrl,
      secretKey: sandbox.credentials.secretKey,
      publishableKey: sandbox.credentials.publishableKey,
      webhookSecrets: [sandbox.credentials.webhookSecret],
    },
    allowedOrigins: [SHOP_ORIGIN],
    returnUrls: [RETURN_URL],
    now: () => sandbox.clock.now(),
    alertSink: (alert) => void alerts.push(alert),
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: merchant.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const webhooks = endpoint(url, '/webhooks/0bit');
  sandbox.deliverTo(webhooks);
  await sandbox.start();
  return {
    sandbox,
    merchant,
    url,
    webhooks,
    alerts,
    async [Symbol.asyncDispose]() {
      await sandbox.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      merchant.close();
    },
  };
}
