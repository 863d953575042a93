/**
 * Issue 13, item 1: verifiers that follow Standard Webhooks and nothing more pass the whole
 * signature battery on every kind of target, the oversized header included (accepted where
 * nothing limits headers, refused with 431 where Node's own server does).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { endpoint, type HttpTarget } from '../../src/http/target.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';
import {
  expressShop,
  fastifyShop,
  fetchShop,
  nodeShop,
  officialLibrary,
  WEBHOOK_PATH,
  WebhookShop,
  writtenToSpec,
  type Verify,
} from '../fixtures/targets/spec-verifiers.js';

const secret = newWebhookSecret();

interface Mounted {
  target: HttpTarget;
  /** What the oversized header gets: Node's 431 over a real server, the verifier's answer in-process. */
  oversized: number;
  close?: () => Promise<void>;
}

async function listening(listener: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function closing(server: Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** The listener each verifier ships behind: Express for the library, plain node:http for the spec shop. */
const LISTENERS: Record<string, (shop: WebhookShop) => Parameters<typeof createServer>[1]> = {
  'the official standardwebhooks package': (shop) => expressShop(shop),
  'a node:http shop written to the spec': (shop) => nodeShop(shop),
};
const VERIFIERS: Record<string, (secret: string) => Verify> = {
  'the official standardwebhooks package': officialLibrary,
  'a node:http shop written to the spec': writtenToSpec,
};

const KINDS: Record<string, (shop: WebhookShop, listener: Parameters<typeof createServer>[1]) => Promise<Mounted>> = {
  'a URL (real server)': async (_shop, listener) => {
    const { url, server } = await listening(listener);
    return { target: url, oversized: 431, close: closing(server) };
  },
  'a request listener': async (_shop, listener) => ({ target: listener as HttpTarget, oversized: 431 }),
  'a fetch handler': async (shop) => ({ target: fetchShop(shop), oversized: 200 }),
  'a Fastify instance (inject)': async (shop) => {
    const app = fastifyShop(shop);
    return { target: app, oversized: 200, close: () => app.close() };
  },
};

describe.each(Object.keys(VERIFIERS))('%s', (verifier) => {
  it.for(Object.keys(KINDS))('passes the whole signature battery as %s', async (kind, { task }) => {
    const shop = new WebhookShop(VERIFIERS[verifier]!(secret));
    const mounted = await KINDS[kind]!(shop, LISTENERS[verifier]!(shop));
    try {
      await expect(endpoint(mounted.target, WEBHOOK_PATH)).toVerifyWebhookSignatures({ secret, effects: shop.fulfilmentCount });
      await expect(endpoint(mounted.target, WEBHOOK_PATH)).toLogWebhookEvents({ secret, log: shop.eventLog });
    } finally {
      await mounted.close?.();
    }
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({ sideEffectsChecked: true, positiveControl: { passed: true } });
    expect(evidence?.probes.find((p) => p.name === 'oversized-header')).toMatchObject({ ok: true, response: { status: mounted.oversized } });
  });
});
