import { request as httpsRequest } from 'node:https';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { call, createSessionOverHttp } from './helpers.js';

describe('fault injection', () => {
  it('answers the next N calls to a route with 5xx, then recovers; other routes are unaffected', async () => {
    await using s = createSandbox();
    await s.start();
    s.failNext('POST /v1/sessions', 2, { status: 503 });
    const key = s.credentials.secretKey;
    const body = { amount: 5, currency: 'EUR' };
    expect((await call(s, 'GET', '/v1/capabilities', { token: key })).status).toBe(200);
    const first = await call(s, 'POST', '/v1/sessions', { token: key, body });
    expect(first.status).toBe(503);
    expect(first.json.error.type).toBe('api_error');
    expect((await call(s, 'POST', '/v1/sessions', { token: key, body })).status).toBe(503);
    expect((await call(s, 'POST', '/v1/sessions', { token: key, body })).status).toBe(201);
    expect(s.sessions.list()).toHaveLength(1);
    expect(s.calls.filter((c) => c.fault).map((c) => [c.route, c.status, c.fault])).toEqual([
      ['POST /v1/sessions', 503, '5xx'],
      ['POST /v1/sessions', 503, '5xx'],
    ]);
  });

  it('answers 429 with Retry-After', async () => {
    await using s = createSandbox();
    await s.start();
    s.failNext('GET /v1/capabilities', 1, { status: 429, retryAfter: 7 });
    const limited = await call(s, 'GET', '/v1/capabilities', { token: s.credentials.publishableKey });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json.error.type).toBe('rate_limit_error');
    expect((await call(s, 'GET', '/v1/capabilities', { token: s.credentials.publishableKey })).status).toBe(200);
  });

  it('times a call out: fetch rejects with ETIMEDOUT and nothing happened', async () => {
    await using s = createSandbox();
    await s.start();
    s.failNext('POST /v1/sessions', 1, { timeout: true });
    const error = await fetch(`${s.baseUrl}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.credentials.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 5, currency: 'EUR' }),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    expect(s.sessions.list()).toHaveLength(0);
    expect(s.calls.at(-1)).toMatchObject({ status: null, fault: 'timeout', route: 'POST /v1/sessions' });
  });

  it('times out after processing: the effect stays, and an idempotent retry gets the first answer', async () => {
    await using s = createSandbox();
    await s.start();
    s.failNext('POST /v1/sessions', 1, { timeout: true, afterProcessing: true });
    const init = { token: s.credentials.secretKey, body: { amount: 5, currency: 'EUR' }, headers: { 'idempotency-key': 'k-1' } };
    await expect(call(s, 'POST', '/v1/sessions', init)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(s.sessions.list()).toHaveLength(1);
    const retry = await call(s, 'POST', '/v1/sessions', init);
    expect(retry.status).toBe(201);
    expect(retry.json.id).toBe(s.sessions.list()[0]!.id);
    expect(s.sessions.list()).toHaveLength(1);
  });

  it('times out node:https clients too', async () => {
    await using s = createSandbox();
    await s.start();
    s.failNext('GET /v1/capabilities', 1, { timeout: true });
    const error = await new Promise<unknown>((resolve) => {
      const req = httpsRequest(`${s.baseUrl}/v1/capabilities`, { headers: { authorization: `Bearer ${s.credentials.secretKey}` } });
      req.on('error', resolve);
      req.on('response', () => resolve(new Error('answered')));
      req.end();
    });
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('targets one session when the route names a concrete id', async () => {
    await using s = createSandbox();
    await s.start();
    const [a, b] = [await createSessionOverHttp(s), await createSessionOverHttp(s)];
    s.failNext(`GET /v1/sessions/${a.id}`, 1, { status: 500 });
    expect((await call(s, 'GET', `/v1/sessions/${b.id}`, { token: s.credentials.secretKey })).status).toBe(200);
    expect((await call(s, 'GET', `/v1/sessions/${a.id}`, { token: s.credentials.secretKey })).status).toBe(500);
    s.failNext('POST /v1/sessions/:id/complete', 1, { status: 502 });
    expect((await call(s, 'POST', `/v1/sessions/${b.id}/complete`, { token: b.clientSecret })).status).toBe(502);
    expect(s.sessions.get(b.id)!.status).toBe('open');
  });

  it('refuses unknown routes, bad counts and bad faults', () => {
    const s = createSandbox();
    const refused = (message: RegExp) => expect.objectContaining({ code: 'SANDBOX_ARGUMENT_INVALID', message: expect.stringMatching(message) });
    expect(() => s.failNext('POST /v1/sesions', 1, { status: 500 })).toThrow(refused(/not a route of the simulated API/));
    expect(() => s.failNext('DELETE /v1/sessions', 1, { status: 500 })).toThrow(refused(/DELETE \/v1\/sessions/));
    expect(() => s.failNext('POST /v1/sessions', 0, { status: 500 })).toThrow(refused(/n must be/));
    expect(() => s.failNext('POST /v1/sessions', 1, { status: 404 } as never)).toThrow(refused(/fault must be/));
    expect(() => s.failNext('POST /v1/sessions', 1, { status: 429 } as never)).toThrow(refused(/retryAfter/));
  });
});
