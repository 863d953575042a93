import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { createMerchant } from '../../examples/merchant/app.js';
import { describeTarget, send } from '../../src/http/target.js';
import { signDelivery } from '../../src/webhooks/schemes.js';
import { CLIENT_PUBLISHABLE_KEY } from '../../examples/merchant/publishable-key.js';
import { API_BASE, createHarness, makeSecretKey, makeWebhookSecret, RETURN_URL, SHOP, sessionEvent, zeroBitSession } from './harness.js';

describe('over real HTTP', () => {
  it('answers config and a signed webhook through serve() on an ephemeral port', async () => {
    const h = createHarness();
    const server = serve({ fetch: h.merchant.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = await fetch(`${base}/api/config`, { headers: { origin: SHOP } });
      expect(config.status).toBe(200);
      expect(config.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(await config.json()).toEqual({ publishableKey: CLIENT_PUBLISHABLE_KEY });

      const body = JSON.stringify(sessionEvent('session.completed', zeroBitSession()));
      const delivered = await h.deliver(body); // in-process, then the same over the socket
      expect(delivered.status).toBe(200);
      const headers = signDelivery('standard', { id: JSON.parse(body).id, timestamp: h.clock.seconds(), body, secrets: [h.webhookSecret] });
      const redelivered = await fetch(`${base}/webhooks/0bit`, { method: 'POST', headers, body });
      expect(redelivered.status).toBe(200);
      expect(await redelivered.json()).toEqual({ received: true, duplicate: true });
      expect(h.merchant.fulfilmentCount()).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      h.merchant.close();
    }
  });
});

describe('as an HTTP target of the matchers', () => {
  it('answers the same through app (fetch) and listener (Node request listener)', async () => {
    const h = createHarness();
    expect(describeTarget(h.merchant.app)).toBe('fetch-object');
    expect(describeTarget(h.merchant.listener)).toBe('request-listener');
    for (const target of [h.merchant.app, h.merchant.listener]) {
      const res = await send(target, { method: 'GET', path: '/api/config', headers: { origin: SHOP } });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(SHOP);
      expect(JSON.parse(res.body)).toEqual({ publishableKey: CLIENT_PUBLISHABLE_KEY });
    }
    const body = JSON.stringify(sessionEvent('session.completed', zeroBitSession()));
    const headers = signDelivery('standard', { id: JSON.parse(body).id, timestamp: h.clock.seconds(), body, secrets: [h.webhookSecret] });
    const delivered = await send(h.merchant.listener, { method: 'POST', path: '/webhooks/0bit', headers, body });
    expect(delivered.status).toBe(200);
    expect(h.merchant.fulfilmentCount()).toBe(1);
  });
});

describe('createMerchant options', () => {
  const valid = () => ({
    zerobit: { apiBase: API_BASE, secretKey: makeSecretKey(), publishableKey: CLIENT_PUBLISHABLE_KEY, webhookSecrets: [makeWebhookSecret()] },
    allowedOrigins: [SHOP],
    returnUrls: [RETURN_URL],
  });

  it.each([
    ['a wildcard origin', { allowedOrigins: ['*'] }],
    ['an origin with a path', { allowedOrigins: ['https://shop.example/'] }],
    ['an origin regex-like pattern', { allowedOrigins: ['https://*.shop.example'] }],
    ['no webhook secret', { zerobit: { ...valid().zerobit, webhookSecrets: [] } }],
    ['a malformed webhook secret', { zerobit: { ...valid().zerobit, webhookSecrets: ['secret'] } }],
    ['a return URL with a query', { returnUrls: ['https://shop.example/checkout?x=1'] }],
    ['keys of different environments', { zerobit: { ...valid().zerobit, secretKey: makeSecretKey('live') } }],
  ])('refuses %s at start-up', (_name, patch) => {
    expect(() => createMerchant({ ...valid(), ...patch })).toThrow(/createMerchant|allowedOrigins|returnUrls/);
  });

  it('requires https origins and return URLs in live', () => {
    const live = { ...valid().zerobit, secretKey: makeSecretKey('live'), publishableKey: 'pk_live_4mRc8QzT1vXw7LbN2pHs6KdY' };
    expect(() => createMerchant({ ...valid(), zerobit: live, allowedOrigins: ['http://shop.example'] })).toThrow(/https/);
    expect(() => createMerchant({ ...valid(), zerobit: live, returnUrls: ['http://shop.example/checkout/return'] })).toThrow(/https/);
    createMerchant({ ...valid(), zerobit: live }).close();
  });

  it('never echoes a key in a configuration error', () => {
    const secretKey = makeSecretKey('live');
    try {
      createMerchant({ ...valid(), zerobit: { ...valid().zerobit, secretKey } });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secretKey);
    }
  });
});
