import { CLIENT_PUBLISHABLE_KEY, createMerchant, type Alert, type Merchant, type MerchantOptions } from '../../examples/merchant/app.js';
import { endpoint } from '../../src/http/target.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';

export interface ReferenceSetup {
  sandbox: Sandbox;
  merchant: Merchant;
  /** What the merchant's alert sink received, in order. */
  alerts: Alert[];
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The reference merchant wired to a started sandbox on the sandbox's virtual clock, its
 * webhooks delivered by the sandbox and its alerts collected in `alerts`. `create` builds
 * the merchant (a one-bug fixture passes its own).
 */
export async function referenceSetup(create: (options: MerchantOptions) => Merchant = createMerchant): Promise<ReferenceSetup> {
  const sandbox = createSandbox({ credentials: { publishableKey: CLIENT_PUBLISHABLE_KEY } });
  const alerts: Alert[] = [];
  const merchant = create({
    zerobit: {
      apiBase: sandbox.baseUrl,
      secretKey: sandbox.credentials.secretKey,
      publishableKey: sandbox.credentials.publishableKey,
      webhookSecrets: [sandbox.credentials.webhookSecret],
    },
    allowedOrigins: ['https://shop.example'],
    returnUrls: ['https://shop.example/checkout/return'],
    now: () => sandbox.clock.now(),
    alertSink: (alert) => void alerts.push(alert),
  });
  sandbox.deliverTo(endpoint(merchant.app, '/webhooks/0bit'));
  await sandbox.start();
  return {
    sandbox,
    merchant,
    alerts,
    async [Symbol.asyncDispose]() {
      await sandbox.stop();
      merchant.close();
    },
  };
}
