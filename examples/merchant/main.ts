/**
 * Runs the reference merchant for a person to try: `npm run merchant`, then open
 * http://localhost:4242. Configuration comes from the environment (see .env.example).
 */
import { serve } from '@hono/node-server';
import { createMerchant, type Alert } from './app.js';
import { CLIENT_PUBLISHABLE_KEY } from './publishable-key.js';

const MONITOR_INTERVAL_MS = 60_000;
const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);

const env = process.env;
const port = Number(env.PORT ?? 4242);
const local = `http://localhost:${port}`;

const missing = ['ZEROBIT_API_BASE', 'ZEROBIT_SECRET_KEY', 'ZEROBIT_WEBHOOK_SECRETS'].filter((name) => !env[name]);
if (missing.length > 0) {
  console.error(`merchant: set ${missing.join(', ')} (see examples/merchant/.env.example)`);
  process.exit(1);
}

const merchant = createMerchant({
  dbPath: env.MERCHANT_DB ?? ':memory:',
  zerobit: {
    apiBase: env.ZEROBIT_API_BASE!,
    secretKey: env.ZEROBIT_SECRET_KEY!,
    publishableKey: env.ZEROBIT_PUBLISHABLE_KEY ?? CLIENT_PUBLISHABLE_KEY,
    webhookSecrets: list(env.ZEROBIT_WEBHOOK_SECRETS),
  },
  allowedOrigins: env.MERCHANT_ALLOWED_ORIGINS ? list(env.MERCHANT_ALLOWED_ORIGINS) : [local],
  returnUrls: env.MERCHANT_RETURN_URLS ? list(env.MERCHANT_RETURN_URLS) : [`${local}/checkout/return`],
  alertSink: (alert: Alert) => console.warn(`merchant: ALERT ${alert.signal} = ${alert.value} (threshold ${alert.threshold}) at ${alert.at}`),
});

const server = serve({ fetch: merchant.app.fetch, port }, () => console.log(`merchant: listening on ${local}`));

const monitorLoop = setInterval(() => {
  merchant.runMonitors().catch((error: unknown) => console.error(`merchant: ${error instanceof Error ? error.message : 'monitors failed'}`));
}, MONITOR_INTERVAL_MS);

function shutdown() {
  clearInterval(monitorLoop);
  server.close(() => {
    merchant.close();
    process.exit(0);
  });
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
