/**
 * Speed of the webhook matchers against the reference merchant in-process (Hono app,
 * SQLite in memory, simulated sandbox). Budgets from the issue: toVerifyWebhookSignatures
 * median ≤ 50 ms; toBeDuplicateSafe with 50 simultaneous deliveries median ≤ 250 ms.
 * The matchers run as Vitest runs them, minus the artifact hand-off to the runner (there
 * is no test here): every probe, effect read, verdict and redaction of the evidence.
 */
import { performance } from 'node:perf_hooks';
import { createMerchant } from '../examples/merchant/app.js';
import { endpoint } from '../src/http/target.js';
import { idempotencyMatchers } from '../src/matchers/idempotency.js';
import type { MatcherState } from '../src/matchers/util.js';
import { webhooksMatchers } from '../src/matchers/webhooks.js';
import { createSandbox } from '../src/sandbox/index.js';

const RUNS = 40;
const WARMUP = 5;

const state = { isNot: false, utils: { matcherHint: (name: string) => name } } as unknown as MatcherState;

const sandbox = createSandbox();
await sandbox.start();
const secret = sandbox.credentials.webhookSecret;
const merchant = createMerchant({
  zerobit: { apiBase: sandbox.baseUrl, secretKey: sandbox.credentials.secretKey, publishableKey: sandbox.credentials.publishableKey, webhookSecrets: [secret] },
  allowedOrigins: ['https://shop.example'],
  returnUrls: ['https://shop.example/checkout/return'],
});
const ep = endpoint(merchant.app, '/webhooks/0bit');
const effects = () => merchant.fulfilmentCount();

async function measure(name: string, budgetMs: number, run: () => Promise<{ pass: boolean }>) {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = await run();
    times.push(performance.now() - started);
    if (!result.pass) throw new Error(`${name} did not pass on the reference merchant`);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const median = at(0.5);
  const ok = median <= budgetMs;
  console.log(
    `| ${name} | ${RUNS} | ${median.toFixed(1)} | ${at(0.9).toFixed(1)} | ${times[0]!.toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ≤ ${budgetMs} | ${ok ? 'within budget' : 'OVER BUDGET'} |`,
  );
  return ok;
}

console.log('| matcher | runs | median ms | p90 ms | min ms | max ms | budget (median) | verdict |');
console.log('|---|---|---|---|---|---|---|---|');
const results = [
  await measure('toVerifyWebhookSignatures (13 probes)', 50, () => webhooksMatchers.toVerifyWebhookSignatures.call(state, ep, { secret, effects })),
  await measure('toBeDuplicateSafe, 50 simultaneous (+5 sequential, 2 out of order)', 250, () =>
    idempotencyMatchers.toBeDuplicateSafe.call(state, ep, { secret, effects, concurrency: 50 }),
  ),
];
merchant.close();
await sandbox.stop();
if (results.includes(false)) process.exitCode = 1;
