import { afterEach, describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { recordedEvidence } from '../support/evidence.js';
import { sandboxOpenApiPath } from '../../src/sandbox/index.js';
import { refundSession } from '../fixtures/product/internal-refunds.js';
import { referenceSetup, type ReferenceSetup } from '../monitoring/reference-merchant.js';
import { failureOfSync as failure } from '../support/failure.js';

let setup: ReferenceSetup | undefined;
afterEach(async () => {
  await setup?.[Symbol.asyncDispose]();
  setup = undefined;
});

/** The reference flow against the sandbox: a checkout, a payment, then the monitors' reads. */
async function runReferenceFlow(s: ReferenceSetup): Promise<string> {
  const res = await s.merchant.app.request('/api/checkout/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'order-1001' },
    body: JSON.stringify({ amount: 4200, currency: 'eur', returnUrl: 'https://shop.example/checkout/return' }),
  });
  expect(res.status).toBe(201);
  const { sessionId } = (await res.json()) as { sessionId: string };
  s.sandbox.sessions.complete(sessionId);
  await s.sandbox.flush();
  await s.merchant.runMonitors();
  return sessionId;
}

describe('toUseOnlyDocumentedEndpoints', () => {
  it('passes on the reference merchant’s calls to the sandbox (OpenAPI object or file)', async () => {
    setup = await referenceSetup();
    await runReferenceFlow(setup);
    expect(setup.sandbox.calls.length).toBeGreaterThanOrEqual(3);
    expect(setup.sandbox.calls).toUseOnlyDocumentedEndpoints(setup.sandbox.openapi);
    expect(setup.sandbox.calls).toUseOnlyDocumentedEndpoints(sandboxOpenApiPath);
  });

  it('fails on the one-bug fixture that calls an undocumented /internal/… path, listing the call', async ({ task }) => {
    const s = (setup = await referenceSetup());
    const sessionId = await runReferenceFlow(s);
    await refundSession(s.sandbox.baseUrl, s.sandbox.credentials.secretKey, sessionId);
    const message = failure(() => expect(s.sandbox.calls).toUseOnlyDocumentedEndpoints(s.sandbox.openapi));
    expect(message).toMatch(/1 undocumented endpoint\(s\) among \d+ recorded call\(s\)/);
    expect(message).toContain('POST /internal/refunds: no documented path matches');
    expect(message).not.toContain(s.sandbox.credentials.secretKey);
    await flushEvidence();
    expect(recordedEvidence(task)[0]?.checks).toEqual([{ name: 'POST /internal/refunds', ok: false, detail: 'no documented path matches' }]);
  });

  it('negates: .not passes on calls to an undocumented path and fails, saying "not", on documented ones', () => {
    const doc = { openapi: '3.0.3', paths: { '/v1/sessions': { post: {} } } };
    expect([{ method: 'POST', url: 'https://api.example/internal/refunds' }]).not.toUseOnlyDocumentedEndpoints(doc);
    const message = failure(() => expect([{ method: 'POST', url: 'https://api.example/v1/sessions' }]).not.toUseOnlyDocumentedEndpoints(doc));
    expect(message).toContain('.not.toUseOnlyDocumentedEndpoints');
    expect(message).toContain('all 1 recorded call(s) match a documented path and method');
  });

  const doc = {
    openapi: '3.0.3',
    servers: [{ url: 'https://{host}/api/v2', variables: { host: { default: 'pay.example' } } }],
    paths: {
      '/orders': { get: {}, post: {} },
      '/orders/{orderId}': { get: {}, parameters: [] },
      '/health': { servers: [{ url: '/' }], get: {} },
    },
  };

  it('honours servers base paths (with variables and path-level servers) and path templates', async () => {
    const calls = [
      { method: 'get', url: 'https://pay.example/api/v2/orders?limit=5' },
      { method: 'POST', path: '/api/v2/orders' },
      { method: 'GET', url: '/api/v2/orders/ord_123' },
      { method: 'GET', path: '/health' },
    ];
    expect(calls).toUseOnlyDocumentedEndpoints(doc);
  });

  it('names a known path with the wrong method, an unprefixed path, and counts repeats', async () => {
    const calls = [
      { method: 'DELETE', path: '/api/v2/orders/ord_1' },
      { method: 'DELETE', path: '/api/v2/orders/ord_1' },
      { method: 'GET', path: '/orders' },
      { method: 'GET', path: '/api/v2/orders/ord_1/items' },
    ];
    const message = failure(() => expect(calls).toUseOnlyDocumentedEndpoints(doc));
    expect(message).toContain('DELETE /api/v2/orders/ord_1 (×2): /api/v2/orders/{orderId} documents only GET');
    expect(message).toContain('GET /orders: no documented path matches');
    expect(message).toContain('GET /api/v2/orders/ord_1/items: no documented path matches');
  });

  it('fails when no call was recorded: an empty list proves nothing', async () => {
    expect(() => expect([]).toUseOnlyDocumentedEndpoints(doc)).toThrow(/no calls were recorded/);
  });

  it('refuses a non-OpenAPI document and calls without method/url', async () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isLaunchError(error) ? error.code : 'other';
      }
      return 'passed';
    };
    expect(code(() => expect([{ method: 'GET', path: '/' }]).toUseOnlyDocumentedEndpoints({ swagger: '2.0', paths: {} }))).toBe('MATCHER_MISUSE');
    // An unreadable document is an I/O fault to fix on disk, not a misused matcher.
    expect(code(() => expect([{ method: 'GET', path: '/' }]).toUseOnlyDocumentedEndpoints('no/such/openapi.yaml'))).toBe('MATCHER_INPUT_UNREADABLE');
    expect(code(() => expect([{ verb: 'GET' }]).toUseOnlyDocumentedEndpoints(doc))).toBe('MATCHER_MISUSE');
  });
});
