import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { call, createSessionOverHttp } from './helpers.js';

describe('sandbox.calls', () => {
  it('records every call with method, path, query, route, status and virtual time', async () => {
    await using s = createSandbox();
    await s.start();
    const session = await createSessionOverHttp(s);
    await s.clock.advance(5_000);
    await call(s, 'GET', '/v1/sessions?status=open', { token: s.credentials.secretKey });
    await call(s, 'GET', `/v1/sessions/${session.id}`, { token: 'nope' });
    expect(s.calls.map((c) => ({ method: c.method, path: c.path, query: c.query, route: c.route, status: c.status, documented: c.documented }))).toEqual([
      { method: 'POST', path: '/v1/sessions', query: undefined, route: 'POST /v1/sessions', status: 201, documented: true },
      { method: 'GET', path: '/v1/sessions', query: 'status=open', route: 'GET /v1/sessions', status: 200, documented: true },
      { method: 'GET', path: `/v1/sessions/${session.id}`, query: undefined, route: 'GET /v1/sessions/{id}', status: 401, documented: true },
    ]);
    expect(s.calls[1]!.at - s.calls[0]!.at).toBe(5_000);
  });

  it('answers unknown routes 404 and records them as undocumented, never reaching the network', async () => {
    await using s = createSandbox();
    await s.start();
    for (const [method, path] of [
      ['GET', '/v2/sessions'],
      ['DELETE', '/v1/sessions'],
      ['PUT', '/v1/capabilities'],
      ['GET', '/v1/sessions/'],
      ['OPTIONS', '/'],
    ] as const) {
      const res = await call(s, method, path, { token: s.credentials.secretKey });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.error.code).toBe('route_unknown');
    }
    expect(s.calls.map((c) => [c.method, c.path, c.documented, c.route])).toEqual([
      ['GET', '/v2/sessions', false, undefined],
      ['DELETE', '/v1/sessions', false, undefined],
      ['PUT', '/v1/capabilities', false, undefined],
      ['GET', '/v1/sessions/', false, undefined],
      ['OPTIONS', '/', false, undefined],
    ]);
  });

  it('redacts Authorization, credentials and PII (canaries never appear)', async () => {
    const canaries = {
      secretKey: 'sk_sandbox_CANARYsecretKEY0000000000000001',
      webhookSecret: 'whsec_Q0FOQVJZd2ViaG9va1NFQ1JFVDAwMDAwMDAx',
    };
    await using s = createSandbox({ credentials: canaries });
    await s.start();
    const session = await createSessionOverHttp(s, {
      amount: 100,
      currency: 'EUR',
      metadata: { leaked: canaries.webhookSecret, alsoLeaked: canaries.secretKey, email: 'payer@example.com', card: '4242 4242 4242 4242' },
    });
    await call(s, 'GET', `/v1/sessions/${session.id}?client_secret=${session.clientSecret}`, { token: session.clientSecret });
    await call(s, 'GET', '/v1/capabilities', { token: s.credentials.secretKey, headers: { 'x-api-key': canaries.secretKey, cookie: 'sid=abc' } });

    const logged = JSON.stringify(s.calls);
    for (const secret of [canaries.secretKey, canaries.webhookSecret, session.clientSecret, 'payer@example.com', '4242 4242 4242 4242']) {
      expect(logged).not.toContain(secret);
    }
    expect(s.calls.every((c) => c.headers.authorization === '[redacted]')).toBe(true);
    expect(s.calls[2]!.headers['x-api-key']).toBe('[redacted]');
    expect(s.calls[0]!.body).toContain('"amount":100');
    expect(s.calls[1]!.query).toMatch(/^client_secret=ses_…/);
  });

  it('keeps only an excerpt of large bodies', async () => {
    await using s = createSandbox();
    await s.start();
    await call(s, 'POST', '/v1/sessions', { token: s.credentials.secretKey, body: { amount: 1, currency: 'EUR', metadata: { blob: 'x'.repeat(50_000) } } });
    expect(s.calls[0]!.body!.length).toBeLessThan(1_100);
    expect(s.calls[0]!.body).toMatch(/more chars\]$/);
  });

  it('records in-process requests like HTTP ones', async () => {
    const s = createSandbox();
    const res = await s.request({ method: 'GET', path: '/v1/capabilities', headers: { Authorization: `Bearer ${s.credentials.publishableKey}` } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).environment).toBe('sandbox');
    expect(s.calls).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/capabilities', status: 200, headers: { authorization: '[redacted]' } })]);
  });
});
