/**
 * Runs the reference merchant for a person to try: `npm run merchant`, then open
 * http://localhost:4242. With ZEROBIT_API_BASE and the keys set (see .env.example) it
 * talks to that API; without, it runs the in-process 0Bit sandbox and a payer page at
 * http://localhost:4242/sandbox.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createMerchant, type Alert, type MerchantOptions } from './app.js';
import { CLIENT_PUBLISHABLE_KEY } from './publishable-key.js';
import { sandboxPayerRoutes, startSandboxDemo } from './sandbox-demo.js';

const MONITOR_INTERVAL_MS = 60_000;
const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);

const env = process.env;
const port = Number(env.PORT ?? 4242);
const local = `http://localhost:${port}`;

function zerobitFromEnv(): MerchantOptions['zerobit'] {
  const missing = ['ZEROBIT_SECRET_KEY', 'ZEROBIT_WEBHOOK_SECRETS'].filter((name) => !env[name]);
  if (missing.length > 0) {
    console.error(`merchant: ZEROBIT_API_BASE is set, so set ${missing.join(', ')} too (see examples/merchant/.env.example)`);
    process.exit(1);
  }
  return {
    apiBase: env.ZEROBIT_API_BASE!,
    secretKey: env.ZEROBIT_SECRET_KEY!,
    publishableKey: env.ZEROBIT_PUBLISHABLE_KEY ?? CLIENT_PUBLISHABLE_KEY,
    webhookSecrets: list(env.ZEROBIT_WEBHOOK_SECRETS),
  };
}

const demo = env.ZEROBIT_API_BASE ? undefined : await startSandboxDemo();
const zerobit = demo
  ? {
      apiBase: demo.sandbox.baseUrl,
      secretKey: demo.sandbox.credentials.secretKey,
      publishableKey: demo.sandbox.credentials.publishableKey,
      webhookSecrets: [demo.sandbox.credentials.webhookSecret],
    }
  : zerobitFromEnv();

const merchant = createMerchant({
  dbPath: env.MERCHANT_DB ?? ':memory:',
  zerobit,
  allowedOrigins: env.MERCHANT_ALLOWED_ORIGINS ? list(env.MERCHANT_ALLOWED_ORIGINS) : [local],
  returnUrls: env.MERCHANT_RETURN_URLS ? list(env.MERCHANT_RETURN_URLS) : [`${local}/checkout/return`],
  // Webhook timestamps follow the sandbox's clock when it runs in-process.
  now: demo ? () => demo.sandbox.clock.now() : Date.now,
  alertSink: (alert: Alert) => console.warn(`merchant: ALERT ${alert.signal} = ${alert.value} (threshold ${alert.threshold}) at ${alert.at}`),
});

const site = new Hono();
if (demo) site.route('/sandbox', sandboxPayerRoutes(demo.sandbox, merchant));
site.route('/', merchant.app);

const server = serve({ fetch: site.fetch, port }, () => {
  console.log(`merchant: listening on ${local}${demo ? ` (in-process 0Bit sandbox; pay at ${local}/sandbox)` : ''}`);
});

const monitorLoop = setInterval(() => {
  merchant.runMonitors().catch((error: unknown) => console.error(`merchant: ${error instanceof Error ? error.message : 'monitors failed'}`));
}, MONITOR_INTERVAL_MS);

function shutdown() {
  clearInterval(monitorLoop);
  server.close(async () => {
    await demo?.stop();
    merchant.close();
    process.exit(0);
  });
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
