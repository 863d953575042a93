import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { checkoutRoutes } from './checkout.js';
import { corsAllowlist } from './cors.js';
import { openDatabase, type MerchantDatabase } from './db.js';
import { createIdempotencyStore } from './idempotency.js';
import { createLedger } from './ledger.js';
import { createMonitors, type MonitorResult } from './monitors.js';
import { resolveOptions, type MerchantOptions } from './options.js';
import { clientDir } from './paths.js';
import { isVerified, verificationRoutes } from './verifications.js';
import { webhookRoutes } from './webhooks.js';
import { createZeroBitClient } from './zerobit-client.js';

export type { Alert, AlertSignal, MerchantOptions } from './options.js';
export type { MonitorResult } from './monitors.js';
export { CLIENT_PUBLISHABLE_KEY } from './publishable-key.js';
export { alertRulesPath, clientDir, copyDir, envFiles, runbookPath } from './paths.js';

export interface Merchant {
  /** The Hono app; usable as an HTTP target through its `fetch`. */
  app: Hono;
  /** Node request listener for `http.createServer` and friends. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  db: MerchantDatabase;
  /** Every verified webhook event, once, in arrival order. */
  eventLog(): Array<{ id: string; type: string; receivedAt: string }>;
  fulfilments(): Array<{ sessionId: string; eventId: string; amount: number; currency: string; fulfilledAt: string }>;
  fulfilmentCount(): number;
  /** Sessions this merchant created at 0Bit. */
  checkoutCount(): number;
  /** What the shop recorded for a hosted KYC/KYB verification, and whether it counts the customer as verified. */
  verification(id: string): { id: string; customerId: string | null; type: 'individual' | 'business'; status: string; verified: boolean } | undefined;
  /** Evaluates the three alert signals once and sends those at or over threshold to `alertSink`. */
  runMonitors(): Promise<MonitorResult[]>;
  close(): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The reference 0Bit merchant integration: checkout, webhooks, CORS, monitoring. */
export function createMerchant(input: MerchantOptions): Merchant {
  const options = resolveOptions(input);
  const db = openDatabase(options.dbPath);
  const zerobit = createZeroBitClient({ apiBase: options.apiBase, secretKey: options.secretKey });
  const ledger = createLedger(db, options.now);
  const idempotency = createIdempotencyStore(db, options.now);

  const monitors = createMonitors({ options, ledger, zerobit });

  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  app.use('/api/*', corsAllowlist(options.allowedOrigins));
  app.get('/api/config', (c) => c.json({ publishableKey: options.publishableKey }));
  app.route('/api/checkout', checkoutRoutes({ db, options, idempotency, zerobit }));
  app.route('/api/verifications', verificationRoutes({ zerobit, store: ledger.verifications }));
  app.all('/api/*', (c) => c.json({ error: { type: 'not_found', message: 'no such route' } }, 404));
  app.route('/webhooks', webhookRoutes({ options, ledger }));
  // Counts only, no ids; in production this port is reachable from the monitoring network alone.
  app.get('/metrics', (c) => c.text(monitors.metricsText(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
  app.get('/checkout/return', serveStatic({ root: clientDir, path: 'index.html' }));
  app.use('/*', serveStatic({ root: clientDir }));
  app.onError((err, c) => {
    // The error's name only: messages can carry request data.
    console.error(`merchant: unhandled ${err.name} on ${c.req.method} ${c.req.path}`);
    return c.json({ error: { type: 'internal_error', message: 'something went wrong' } }, 500);
  });

  const countSessions = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM checkout_sessions');
  const countFulfilments = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM fulfilments');

  return {
    app,
    listener: getRequestListener(app.fetch),
    db,
    eventLog: () => ledger.events.all().map((e) => ({ id: e.id, type: e.type, receivedAt: iso(e.received_at) })),
    fulfilments: () =>
      ledger.fulfilments.all().map((f) => ({
        sessionId: f.session_id,
        eventId: f.event_id,
        amount: f.amount,
        currency: f.currency,
        fulfilledAt: iso(f.fulfilled_at),
      })),
    fulfilmentCount: () => countFulfilments.get()!.n,
    checkoutCount: () => countSessions.get()!.n,
    verification(id) {
      const row = ledger.verifications.get(id);
      return row && { id: row.id, customerId: row.customer_id, type: row.type, status: row.status, verified: isVerified(row.status) };
    },
    runMonitors: monitors.runMonitors,
    close: () => db.close(),
  };
}
