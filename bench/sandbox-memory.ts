/**
 * Heap held by a simulated sandbox with 10,000 sessions and 100,000 recorded calls.
 * Target from the issue: under 200 MB of heap. Run with
 * `node --expose-gc --import tsx bench/sandbox-memory.ts`.
 *
 * The first 2,000 calls go over real `fetch` through nock (the path an integration
 * takes); the rest are served in-process with `sandbox.request()`, which runs the same
 * router and records the same redacted entry, so the retained heap is the same while
 * the run takes seconds rather than minutes.
 */
import { performance } from 'node:perf_hooks';
import { createSandbox, type Session } from '../src/sandbox/index.js';

const SESSIONS = 10_000;
const CALLS = 100_000;
const OVER_FETCH = 2_000;
const BUDGET_MB = 200;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const sandbox = createSandbox();
await sandbox.start();
const baseline = heapMb();
const key = sandbox.credentials.secretKey;
let made = 0;

async function send(method: string, path: string, token: string, body?: unknown): Promise<string> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const text = body === undefined ? undefined : JSON.stringify(body);
  made++;
  if (made <= OVER_FETCH) {
    const res = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, body: text });
    return res.text();
  }
  return (await sandbox.request({ method, path, headers, body: text })).body;
}

const started = performance.now();
const sessions: Array<Pick<Session, 'id' | 'clientSecret'>> = [];
for (let i = 0; i < SESSIONS; i++) {
  const body = {
    amount: 1_000 + i,
    currency: 'EUR',
    region: 'EU',
    asset: 'USDC',
    method: 'card',
    returnUrl: 'https://shop.example/checkout/return',
    metadata: { orderId: `ord_${i}` },
  };
  const { id, clientSecret } = JSON.parse(await send('POST', '/v1/sessions', key, body)) as Session;
  sessions.push({ id, clientSecret });
}
for (let i = 0; made < CALLS; i++) {
  const s = sessions[i % SESSIONS]!;
  switch (i % 10) {
    case 0:
      if (i < 20_000) {
        const payer = sessions[i / 10]!;
        await send('POST', `/v1/sessions/${payer.id}/complete`, payer.clientSecret);
      } else await send('GET', '/v1/events?limit=5', key);
      break;
    case 1:
      await send('GET', '/v1/capabilities', sandbox.credentials.publishableKey);
      break;
    case 2:
      await send('GET', '/v2/not-a-route', key);
      break;
    default:
      await send('GET', `/v1/sessions/${s.id}`, s.clientSecret);
  }
}
const seconds = (performance.now() - started) / 1000;
sessions.length = 0;
const held = heapMb();
const ok = held < BUDGET_MB;
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| sessions | ${sandbox.sessions.list().length.toLocaleString('en')} |`);
console.log(`| recorded calls | ${sandbox.calls.length.toLocaleString('en')} (${OVER_FETCH.toLocaleString('en')} over fetch + nock) |`);
console.log(`| events queued for delivery | ${sandbox.events.length.toLocaleString('en')} |`);
console.log(`| heap used, whole process | ${held.toFixed(1)} MB |`);
console.log(`| heap held by the sandbox (over the started, empty sandbox) | ${(held - baseline).toFixed(1)} MB |`);
console.log(`| per recorded call (upper bound: sessions and events included) | ${(((held - baseline) * 2 ** 20) / CALLS).toFixed(0)} B |`);
console.log(`| time to make them | ${seconds.toFixed(1)} s |`);
console.log('');
console.log(`target: heap under ${BUDGET_MB} MB — ${ok ? 'met' : 'NOT met'}`);
await sandbox.stop();
if (!ok) process.exitCode = 1;
