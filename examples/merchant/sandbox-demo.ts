/**
 * For `npm run merchant` without a real 0Bit: runs the in-process sandbox, delivers its
 * webhooks to the merchant, and serves a local "payer" page at /sandbox to complete or
 * fail open sessions. Demo only — it is never part of the merchant app itself.
 */
import escapeHtml from 'escape-html';
import { Hono } from 'hono';
import { endpoint } from '../../src/http/target.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Merchant } from './app.js';
import { CLIENT_PUBLISHABLE_KEY } from './publishable-key.js';

export async function startSandboxDemo(): Promise<{ sandbox: Sandbox; stop(): Promise<void> }> {
  const sandbox = createSandbox({ credentials: { publishableKey: CLIENT_PUBLISHABLE_KEY } });
  await sandbox.start();
  // The sandbox runs on a virtual clock; move it with wall time so expiry and retries behave as in real life.
  let last = Date.now();
  const ticker = setInterval(() => {
    const now = Date.now();
    void sandbox.clock.advance(now - last);
    last = now;
  }, 1000);
  return {
    sandbox,
    async stop() {
      clearInterval(ticker);
      await sandbox.stop();
    },
  };
}

/** Routes of the payer page; the merchant's webhooks endpoint receives the resulting events. */
export function sandboxPayerRoutes(sandbox: Sandbox, merchant: Merchant): Hono {
  sandbox.deliverTo(endpoint(merchant.app, '/webhooks/0bit'));
  const routes = new Hono();
  routes.get('/', (c) => {
    const rows = sandbox.sessions
      .list('open')
      .map((s) => {
        const id = escapeHtml(s.id);
        const form = (action: string) => `<form method="post" action="/sandbox/sessions/${id}/${action}"><button>${action}</button></form>`;
        return `<li><code>${id}</code> ${escapeHtml(String(s.amount))} ${escapeHtml(s.currency)} ${form('complete')} ${form('fail')}</li>`;
      })
      .join('');
    return c.html(
      `<!doctype html><title>0Bit sandbox payer</title><h1>Open sessions</h1><ul>${rows || '<li>none</li>'}</ul><p><a href="/">back to the shop</a></p>`,
    );
  });
  routes.post('/sessions/:id/:action{complete|fail}', async (c) => {
    const id = c.req.param('id');
    if (!sandbox.sessions.get(id)) return c.text('no such session', 404);
    if (c.req.param('action') === 'complete') sandbox.sessions.complete(id);
    else sandbox.sessions.fail(id);
    await sandbox.flush();
    return c.redirect('/sandbox', 303);
  });
  return routes;
}
