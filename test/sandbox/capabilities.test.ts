import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilityResponseSchema } from '../../src/sandbox/capabilities.js';
import { createSandbox, ROUTES, sandboxOpenApiPath, type CapabilityResponse } from '../../src/sandbox/index.js';
import { call } from './helpers.js';

describe('capabilities', () => {
  it('serves the documented defaults to the secret and publishable keys', async () => {
    await using s = createSandbox();
    await s.start();
    const viaPublishable = await call(s, 'GET', '/v1/capabilities', { token: s.credentials.publishableKey });
    expect(viaPublishable.status).toBe(200);
    expect(capabilityResponseSchema.parse(viaPublishable.json)).toEqual(s.capabilities());
    expect(s.capabilities()).toMatchObject({
      environment: 'sandbox',
      products: { '0gate': { enabled: true }, '0pools_approved': { enabled: true }, '0base_review': { enabled: false, reason: 'review only' } },
      regions: { EU: { enabled: true }, UK: { enabled: true }, US: { enabled: true }, JP: { enabled: false, reason: expect.any(String) } },
      assets: { USDC: { enabled: true }, EURC: { enabled: true }, BTC: { enabled: true } },
      methods: { card: { enabled: true }, bank_transfer: { enabled: true }, wallet: { enabled: true } },
      verification: { kyc: { enabled: true }, kyb: { enabled: true } },
    });
    expect((await call(s, 'GET', '/v1/capabilities', { token: s.credentials.secretKey })).status).toBe(200);
    expect(createSandbox({ environment: 'live' }).capabilities().environment).toBe('live');
  });

  it('merges a partial update id by id and replaces on a full response', async () => {
    await using s = createSandbox();
    await s.start();
    s.setCapabilities({ regions: { JP: { enabled: true } }, verification: { kyb: { enabled: false, reason: 'pending review' } } });
    const merged = (await call(s, 'GET', '/v1/capabilities', { token: s.credentials.secretKey })).json as CapabilityResponse;
    expect(merged.regions).toMatchObject({ JP: { enabled: true }, EU: { enabled: true } });
    expect(merged.verification).toEqual({ kyc: { enabled: true }, kyb: { enabled: false, reason: 'pending review' } });

    const full: CapabilityResponse = {
      environment: 'sandbox',
      products: { '0gate': { enabled: true } },
      regions: { BR: { enabled: true } },
      assets: { USDC: { enabled: false, reason: 'maintenance' } },
      methods: { wallet: { enabled: true } },
      verification: { kyc: { enabled: false }, kyb: { enabled: false } },
    };
    expect(s.setCapabilities(full)).toEqual(full);
    expect((await call(s, 'GET', '/v1/capabilities', { token: s.credentials.secretKey })).json).toEqual(full);
    // The returned copies cannot change the sandbox's own.
    s.capabilities().regions.BR!.enabled = false;
    expect(s.capabilities().regions.BR!.enabled).toBe(true);
  });

  it('starts from given capabilities and refuses malformed updates', () => {
    const s = createSandbox({ capabilities: { ...createSandbox().capabilities(), assets: { BTC: { enabled: false, reason: 'no' } } } });
    expect(s.capabilities().assets).toEqual({ BTC: { enabled: false, reason: 'no' } });
    expect(() => s.setCapabilities({ region: { EU: { enabled: true } } })).toThrow(expect.objectContaining({ code: 'SANDBOX_ARGUMENT_INVALID' }));
    expect(() => s.setCapabilities({ regions: { EU: { enabled: 'yes' } } })).toThrow(
      expect.objectContaining({ code: 'SANDBOX_ARGUMENT_INVALID', message: expect.stringMatching(/regions\.EU\.enabled/) }),
    );
  });

  it('is refused to a client secret', async () => {
    await using s = createSandbox();
    await s.start();
    const session = s.sessions.create({ amount: 1, currency: 'EUR' });
    expect((await call(s, 'GET', '/v1/capabilities', { token: session.clientSecret })).status).toBe(403);
  });
});

describe('the OpenAPI document', () => {
  it('ships next to the module and describes exactly the routes the sandbox serves', () => {
    expect(existsSync(sandboxOpenApiPath)).toBe(true);
    const doc = JSON.parse(readFileSync(sandboxOpenApiPath, 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.template}`).sort());
    expect(Object.keys(doc.webhooks).sort()).toEqual([
      'session.completed',
      'session.expired',
      'session.failed',
      'verification_session.created',
      'verification_session.expired',
      'verification_session.needs_review',
      'verification_session.rejected',
      'verification_session.verified',
    ]);
  });

  it('names the sandbox base URL as its server; every $ref resolves', () => {
    const s = createSandbox({ baseUrl: 'https://custom.sandbox.0bit.test' });
    expect(s.openapi.servers).toEqual([{ url: 'https://custom.sandbox.0bit.test', description: 'this simulated sandbox' }]);
    const refs = JSON.stringify(s.openapi).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const path = ref.slice(10, -1).split('/');
      const target = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], s.openapi);
      expect(target, ref).toBeDefined();
    }
  });
});
