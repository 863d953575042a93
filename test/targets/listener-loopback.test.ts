/**
 * Issue 13, item 2: Node request listeners are driven over a real loopback server opened
 * and closed per matcher call, so Node's own limits apply and nothing is left on the app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { endpoint, send } from '../../src/http/target.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import { expressShop, officialLibrary, WEBHOOK_PATH, WebhookShop } from '../fixtures/targets/spec-verifiers.js';

const secret = newWebhookSecret();

/** Listening TCP servers of this process, by Node's own count. */
const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

describe('request listeners over loopback', () => {
  it('leaves an Express app usable by supertest in the same process after a matcher ran against it', async () => {
    const shop = new WebhookShop(officialLibrary(secret));
    const app = expressShop(shop);
    const before = servers();
    await expect(endpoint(app, WEBHOOK_PATH)).toVerifyWebhookSignatures({ secret, effects: shop.fulfilmentCount });
    expect(servers()).toBe(before);

    const unsigned = await request(app).post(WEBHOOK_PATH).set('content-type', 'application/json').send('{"id":"evt_1","type":"session.completed"}');
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toEqual({ error: 'Missing required headers' });
    const missing = await request(app).get('/nowhere');
    expect(missing.status).toBe(404);
  });

  it('answers the oversized-header probe while the sandbox intercepts HTTP (nock is started)', { timeout: 30_000 }, async () => {
    // nock's http.request pass-through never answered a request Node's server cut short with 431.
    const sandbox = createSandbox();
    await sandbox.start();
    try {
      const shop = new WebhookShop(officialLibrary(secret));
      await expect(endpoint(expressShop(shop), WEBHOOK_PATH)).toVerifyWebhookSignatures({ secret, effects: shop.fulfilmentCount, timeoutMs: 5_000 });
    } finally {
      await sandbox.stop();
    }
  });

  it('runs matchers on two different Express apps, one on a real port, in one file without hanging', { timeout: 15_000 }, async ({ task }) => {
    const first = new WebhookShop(officialLibrary(secret));
    await expect(endpoint(expressShop(first), WEBHOOK_PATH)).toVerifyWebhookSignatures({ secret, effects: first.fulfilmentCount });

    const second = new WebhookShop(officialLibrary(secret));
    const server = createServer(expressShop(second));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(endpoint(url, WEBHOOK_PATH)).toVerifyWebhookSignatures({ secret, effects: second.fulfilmentCount });
      await expect(endpoint(expressShop(first), WEBHOOK_PATH)).toLogWebhookEvents({ secret, log: first.eventLog });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(recordedEvidence(task).map((e) => e.pass)).toEqual([true, true, true]);
    expect(second.fulfilmentCount()).toBe(3);
  });

  it("applies Node's own limits: more than 16 KiB of headers is answered 431 by the server, not the app", async () => {
    let reached = 0;
    const listener = (_req: IncomingMessage, res: ServerResponse) => {
      reached++;
      res.writeHead(204).end();
    };
    const res = await send(listener, { method: 'POST', path: '/', headers: { 'x-big': 'a'.repeat(20 * 1024) }, body: '' });
    expect(res.status).toBe(431);
    expect(reached).toBe(0);
  });

  it('turns a listener that throws into a failed request, not a crashed test process', async () => {
    const throwing = (_req: IncomingMessage, _res: ServerResponse) => {
      throw new TypeError('boom');
    };
    const rejecting = async (_req: IncomingMessage, _res: ServerResponse) => {
      throw new RangeError('async boom');
    };
    await expect(send(throwing, { method: 'GET', path: '/' })).rejects.toThrow('the request listener threw: TypeError: boom');
    await expect(send(rejecting, { method: 'GET', path: '/' })).rejects.toThrow('the request listener threw: RangeError: async boom');
  });

  it('closes the loopback server when a listener never answers', async () => {
    const before = servers();
    const silent = (_req: IncomingMessage, _res: ServerResponse) => undefined;
    await expect(send(silent, { method: 'GET', path: '/' }, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'TARGET_TIMEOUT',
      message: 'GET / did not answer within 100 ms',
    });
    expect(servers()).toBe(before);
  });
});
