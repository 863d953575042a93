import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { matchReturnUrl, parseReturnUrlAllowlist } from '../../examples/merchant/return-urls.js';
import { API_BASE, createHarness, isolateNetwork, RETURN_URL, SHOP, zeroBitSession } from './harness.js';

let restoreNetwork: () => void;
beforeAll(() => void (restoreNetwork = isolateNetwork()));
afterEach(() => nock.cleanAll());
afterAll(() => restoreNetwork());

describe('CORS on /api/*', () => {
  it('echoes an allowed origin with credentials and Vary: Origin', async () => {
    const h = createHarness();
    const res = await h.merchant.app.request('/api/config', { headers: { origin: SHOP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('answers an allowed preflight with 204 and the methods and headers checkout needs', async () => {
    const h = createHarness();
    const res = await h.merchant.app.request('/api/checkout/sessions', {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });

  const refused = [
    'null',
    'https://shop.example.evil.com',
    'https://evilshop.example',
    'http://shop.example',
    'https://shop.example:8443',
    'HTTPS://SHOP.EXAMPLE',
    'https://shop.example/',
  ];

  it.each(refused)('gives no Access-Control-Allow-Origin to %s (simple request and preflight)', async (origin) => {
    const h = createHarness();
    const simple = await h.merchant.app.request('/api/config', { headers: { origin } });
    const preflight = await h.merchant.app.request('/api/checkout/sessions', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    for (const res of [simple, preflight]) {
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect(preflight.status).toBe(204);
  });

  it('refuses a checkout POST from a foreign browser origin before any effect', async () => {
    const h = createHarness();
    const scope = nock(API_BASE).post('/v1/sessions').reply(201, zeroBitSession());
    const res = await h.checkout({ amount: 100, currency: 'EUR', returnUrl: RETURN_URL }, { origin: 'https://evilshop.example', 'idempotency-key': 'k' });
    expect(res.status).toBe(403);
    expect(scope.isDone()).toBe(false);
    expect(h.merchant.checkoutCount()).toBe(0);
  });

  it('never answers with a wildcard', async () => {
    const h = createHarness();
    for (const origin of [SHOP, 'https://other.example', '*']) {
      const res = await h.merchant.app.request('/api/config', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).not.toBe('*');
    }
  });

  it('does not send CORS headers outside /api', async () => {
    const h = createHarness();
    const res = await h.merchant.app.request('/index.html', { headers: { origin: SHOP } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('return URL allowlist', () => {
  const allowlist = parseReturnUrlAllowlist([RETURN_URL], { requireHttps: false });
  const match = (url: unknown) => matchReturnUrl(url, allowlist, { requireHttps: false });

  it.each([RETURN_URL, `${RETURN_URL}/`, `${RETURN_URL}/order/42`, `${RETURN_URL}?session=ses_1#done`, 'https://SHOP.example:443/checkout/return'])(
    'accepts %s',
    (url) => expect(match(url)).not.toBeNull(),
  );

  it.each([
    ['another host', 'https://evil.com/checkout/return'],
    ['a protocol-relative URL', '//evil.com/checkout/return'],
    ['a relative path', '/checkout/return'],
    ['userinfo that looks like the host', 'https://shop.example@evil.com/checkout/return'],
    ['userinfo on the right host', 'https://user:pw@shop.example/checkout/return'],
    ['a look-alike subdomain', 'https://shop.example.evil.com/checkout/return'],
    ['a look-alike host', 'https://evilshop.example/checkout/return'],
    ['another port', 'https://shop.example:8443/checkout/return'],
    ['plain http', 'http://shop.example/checkout/return'],
    ['a path that only shares a prefix', 'https://shop.example/checkout/returned'],
    ['dot segments escaping the prefix', 'https://shop.example/checkout/return/../../admin'],
    ['encoded dot segments', 'https://shop.example/checkout/return/%2e%2e/%2e%2e/admin'],
    ['an encoded slash', 'https://shop.example/checkout/return%2f..%2fadmin'],
    ['an encoded backslash', 'https://shop.example/checkout/return/%5c%5cevil.com'],
    ['a backslash', 'https:\\\\evil.com/checkout/return'],
    ['a backslash after the host', 'https://shop.example\\@evil.com/checkout/return'],
    ['a double slash in the path', 'https://shop.example/checkout/return//evil.com'],
    ['a tab inside the host', 'https://shop.exa\tmple/checkout/return'],
    ['a javascript: URL', 'javascript:alert(1)//shop.example/checkout/return'],
    ['a data: URL', 'data:text/html,https://shop.example/checkout/return'],
    ['an empty string', ''],
    ['a non-string', 42],
  ])('refuses %s', (_name, url) => expect(match(url)).toBeNull());

  it('refuses http in live even when the allowlist entry would match', () => {
    expect(() => parseReturnUrlAllowlist(['http://shop.example/checkout/return'], { requireHttps: true })).toThrow(/https/);
    expect(matchReturnUrl('http://shop.example/checkout/return', allowlist, { requireHttps: true })).toBeNull();
  });

  it('answers 422 on the checkout route for a refused return URL, with no 0Bit call', async () => {
    const h = createHarness();
    const scope = nock(API_BASE).post('/v1/sessions').reply(201, zeroBitSession());
    const res = await h.checkout({ amount: 100, currency: 'EUR', returnUrl: 'https://shop.example@evil.com/checkout/return' }, { 'idempotency-key': 'k' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.type).toBe('return_url_not_allowed');
    expect(scope.isDone()).toBe(false);
  });

  it('exposes the same check without side effects on POST /api/checkout/return-url', async () => {
    const h = createHarness();
    const check = (returnUrl: string) =>
      h.merchant.app.request('/api/checkout/return-url', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ returnUrl }),
      });
    expect((await check(`${RETURN_URL}/x`)).status).toBe(200);
    expect((await check('//evil.com')).status).toBe(422);
    expect(h.merchant.checkoutCount()).toBe(0);
  });
});
