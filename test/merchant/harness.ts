import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { signDelivery } from '../../src/webhooks/schemes.js';
import { CLIENT_PUBLISHABLE_KEY, createMerchant, type Merchant, type MerchantOptions } from '../../examples/merchant/app.js';

export const API_BASE = 'https://api.sandbox.0bit.test';
export const SHOP = 'https://shop.example';
export const RETURN_URL = 'https://shop.example/checkout/return';

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);
export const makeSecretKey = (env: 'sandbox' | 'live' = 'sandbox') => `sk_${env}_${alnum(24)}`;
export const makeWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
export const sessionId = () => `ses_${alnum(24)}`;
export const eventId = () => `evt_${alnum(24)}`;

/** A virtual ms clock starting at a fixed instant. */
export function virtualClock(start = Date.parse('2026-03-01T12:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), seconds: () => Math.floor(now / 1000) };
}

export interface Harness {
  merchant: Merchant;
  clock: ReturnType<typeof virtualClock>;
  secretKey: string;
  webhookSecret: string;
  alerts: Array<Parameters<NonNullable<MerchantOptions['alertSink']>>[0]>;
  /** POSTs a JSON checkout request. */
  checkout(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Delivers a raw body signed with the given secrets (default: the configured one). */
  deliver(rawBody: string, opts?: { id?: string; timestamp?: number; secrets?: string[]; headers?: Record<string, string> }): Promise<Response>;
}

/** A merchant on a virtual clock, with fresh keys; `webhookSecrets` replaces the one generated secret. */
export function createHarness(overrides: Partial<MerchantOptions> & { webhookSecrets?: string[] } = {}): Harness {
  const { webhookSecrets, ...options } = overrides;
  const clock = virtualClock();
  const secretKey = makeSecretKey();
  const webhookSecret = webhookSecrets?.[0] ?? makeWebhookSecret();
  const alerts: Harness['alerts'] = [];
  const merchant = createMerchant({
    zerobit: { apiBase: API_BASE, secretKey, publishableKey: CLIENT_PUBLISHABLE_KEY, webhookSecrets: webhookSecrets ?? [webhookSecret] },
    allowedOrigins: [SHOP],
    returnUrls: [RETURN_URL],
    now: clock.now,
    alertSink: (alert) => void alerts.push(alert),
    ...options,
  });
  return {
    merchant,
    clock,
    secretKey,
    webhookSecret,
    alerts,
    checkout: async (body, headers = {}) =>
      merchant.app.request('/api/checkout/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    deliver: async (rawBody, opts = {}) => {
      const id = opts.id ?? (JSON.parse(rawBody) as { id: string }).id;
      const signed = signDelivery('standard', {
        id,
        timestamp: opts.timestamp ?? clock.seconds(),
        body: rawBody,
        secrets: opts.secrets ?? [webhookSecret],
      });
      return merchant.app.request('/webhooks/0bit', { method: 'POST', headers: { ...signed, ...opts.headers }, body: rawBody });
    },
  };
}

/** A 0Bit session object as the API returns it. */
export function zeroBitSession(fields: { id?: string; amount?: number; currency?: string; status?: string } = {}) {
  const id = fields.id ?? sessionId();
  return {
    id,
    object: 'session',
    status: fields.status ?? 'open',
    amount: fields.amount ?? 2500,
    currency: fields.currency ?? 'EUR',
    clientSecret: `${id}_secret_${alnum(24)}`,
    createdAt: '2026-03-01T12:00:00.000Z',
    expiresAt: '2026-03-01T12:30:00.000Z',
  };
}

/** A webhook event body for a session. */
export function sessionEvent(type: string, session: ReturnType<typeof zeroBitSession>, id = eventId()) {
  return { id, type, created: 1_772_366_400, data: { object: session } };
}

/** Blocks real network traffic except to local servers; call in beforeAll/afterAll. */
export function isolateNetwork() {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
  return () => {
    nock.cleanAll();
    nock.enableNetConnect();
  };
}
