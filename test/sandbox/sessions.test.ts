import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { call, createSessionOverHttp } from './helpers.js';

let sandbox: Sandbox;
afterEach(() => sandbox?.stop());

async function started(options: Parameters<typeof createSandbox>[0] = {}) {
  sandbox = createSandbox(options);
  await sandbox.start();
  return sandbox;
}

describe('sandbox credentials', () => {
  it('generates fresh credentials per sandbox in the documented shapes', () => {
    const a = createSandbox().credentials;
    const b = createSandbox().credentials;
    expect(a.secretKey).toMatch(/^sk_sandbox_[A-Za-z0-9]{32}$/);
    expect(a.publishableKey).toMatch(/^pk_sandbox_[A-Za-z0-9]{32}$/);
    expect(a.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(a.webhookSecret.slice(6), 'base64')).toHaveLength(24);
    expect(b.secretKey).not.toBe(a.secretKey);
    expect(b.webhookSecret).not.toBe(a.webhookSecret);
    expect(createSandbox({ environment: 'live' }).credentials.secretKey).toMatch(/^sk_live_/);
  });

  it('keeps given credentials and refuses bad options', () => {
    const s = createSandbox({ credentials: { publishableKey: 'pk_sandbox_4mRc8QzT1vXw7LbN2pHs6KdY' } });
    expect(s.credentials.publishableKey).toBe('pk_sandbox_4mRc8QzT1vXw7LbN2pHs6KdY');
    const invalid = (message: RegExp) => expect.objectContaining({ code: 'SANDBOX_OPTIONS_INVALID', message: expect.stringMatching(message) });
    expect(() => createSandbox({ baseUrl: 'https://x.test/api' })).toThrow(invalid(/baseUrl/));
    expect(() => createSandbox({ credentials: { secretKey: 'short' } })).toThrow(invalid(/credentials\.secretKey/));
    expect(() => createSandbox({ sessionTtlMs: -1 } as never)).toThrow(invalid(/sessionTtlMs/));
  });
});

describe('sessions over HTTP', () => {
  it('creates a session with a session-scoped client secret and a 30-minute expiry', async () => {
    const s = await started();
    const session = await createSessionOverHttp(s, {
      amount: 2500,
      currency: 'EUR',
      region: 'EU',
      asset: 'USDC',
      method: 'card',
      returnUrl: 'https://shop.example/return',
    });
    expect(session).toMatchObject({
      object: 'session',
      status: 'open',
      amount: 2500,
      currency: 'EUR',
      region: 'EU',
      asset: 'USDC',
      method: 'card',
      returnUrl: 'https://shop.example/return',
    });
    expect(session.id).toMatch(/^ses_[A-Za-z0-9]{24}$/);
    expect(session.clientSecret).toMatch(new RegExp(`^${session.id}_secret_[A-Za-z0-9]{24}$`));
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(30 * 60 * 1000);
    expect(Date.parse(session.createdAt)).toBe(s.clock.now());
  });

  it('accepts a client secret for its own session only, and only until it expires', async () => {
    const s = await started();
    const a = await createSessionOverHttp(s);
    const b = await createSessionOverHttp(s);

    expect((await call(s, 'GET', `/v1/sessions/${a.id}`, { token: a.clientSecret })).status).toBe(200);
    const other = await call(s, 'GET', `/v1/sessions/${b.id}`, { token: a.clientSecret });
    expect(other.status).toBe(403);
    expect(other.json.error.type).toBe('permission_error');
    expect((await call(s, 'POST', `/v1/sessions/${b.id}/complete`, { token: a.clientSecret })).status).toBe(403);
    expect((await call(s, 'POST', '/v1/sessions', { token: a.clientSecret, body: { amount: 1, currency: 'EUR' } })).status).toBe(403);
    expect((await call(s, 'GET', '/v1/sessions', { token: a.clientSecret })).status).toBe(403);

    await s.clock.advance(30 * 60 * 1000 - 1);
    expect((await call(s, 'GET', `/v1/sessions/${a.id}`, { token: a.clientSecret })).status).toBe(200);
    await s.clock.advance(1);
    const expired = await call(s, 'GET', `/v1/sessions/${a.id}`, { token: a.clientSecret });
    expect(expired.status).toBe(401);
    expect(expired.json.error.type).toBe('authentication_error');
    expect((await call(s, 'GET', `/v1/sessions/${a.id}`, { token: s.credentials.secretKey })).json.status).toBe('expired');
  });

  it('expiry on the clock emits session.expired for open sessions only', async () => {
    const s = await started({ sessionTtlMs: 60_000 });
    const open = await createSessionOverHttp(s);
    const done = await createSessionOverHttp(s);
    s.sessions.complete(done.id);
    await s.clock.advance(60_000);
    expect(s.events.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([
      ['session.completed', done.id],
      ['session.expired', open.id],
    ]);
    expect(s.events[1]!.created).toBe(Math.floor(s.clock.now() / 1000));
  });

  it('refuses missing, unknown and wrong-environment keys with 401', async () => {
    const s = await started();
    const session = await createSessionOverHttp(s);
    expect((await call(s, 'GET', `/v1/sessions/${session.id}`)).status).toBe(401);
    expect((await call(s, 'GET', `/v1/sessions/${session.id}`, { token: `sk_live_${s.credentials.secretKey.slice(11)}` })).status).toBe(401);
    expect((await call(s, 'GET', `/v1/sessions/${session.id}`, { token: `${session.id}_secret_AAAAAAAAAAAAAAAAAAAAAAAA` })).status).toBe(401);
    expect((await call(s, 'GET', '/v1/sessions/ses_AAAAAAAAAAAAAAAAAAAAAAAA', { token: s.credentials.secretKey })).status).toBe(404);
  });

  it('completes, fails and expires sessions over HTTP; a finished session cannot move again', async () => {
    const s = await started();
    const [a, b, c] = [await createSessionOverHttp(s), await createSessionOverHttp(s), await createSessionOverHttp(s)];
    expect((await call(s, 'POST', `/v1/sessions/${a.id}/complete`, { token: a.clientSecret })).json.status).toBe('completed');
    expect((await call(s, 'POST', `/v1/sessions/${b.id}/fail`, { token: s.credentials.secretKey })).json.status).toBe('failed');
    expect((await call(s, 'POST', `/v1/sessions/${c.id}/expire`, { token: c.clientSecret })).json.status).toBe('expired');
    expect((await call(s, 'GET', `/v1/sessions/${c.id}`, { token: c.clientSecret })).status).toBe(401);
    const again = await call(s, 'POST', `/v1/sessions/${a.id}/fail`, { token: s.credentials.secretKey });
    expect(again.status).toBe(409);
    expect(s.events.map((e) => e.type)).toEqual(['session.completed', 'session.failed', 'session.expired']);
    expect(JSON.stringify(s.events)).not.toContain('_secret_');

    const completed = await call(s, 'GET', '/v1/sessions?status=completed', { token: s.credentials.secretKey });
    expect(completed.json.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await call(s, 'GET', '/v1/sessions', { token: s.credentials.secretKey })).json.data).toHaveLength(3);
    expect((await call(s, 'GET', '/v1/sessions?status=paid', { token: s.credentials.secretKey })).status).toBe(400);

    const events = await call(s, 'GET', '/v1/events?limit=2', { token: s.credentials.secretKey });
    expect(events.json.data.map((e: { type: string }) => e.type)).toEqual(['session.expired', 'session.failed']);
  });

  it('validates the body and refuses regions, assets and methods the capabilities disable', async () => {
    const s = await started();
    const key = s.credentials.secretKey;
    for (const body of [
      '{not json',
      { amount: 0, currency: 'EUR' },
      { amount: 10, currency: 'EURO' },
      { amount: 10, currency: 'EUR', returnUrl: 'javascript:alert(1)' },
      { amount: 10, currency: 'EUR', extra: 1 },
    ]) {
      const res = await call(s, 'POST', '/v1/sessions', { token: key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.type).toBe('invalid_request_error');
    }
    const jp = await call(s, 'POST', '/v1/sessions', { token: key, body: { amount: 10, currency: 'JPY', region: 'JP' } });
    expect(jp.status).toBe(400);
    expect(jp.json.error).toMatchObject({ code: 'capability_disabled', message: expect.stringContaining('not available') });
    expect((await call(s, 'POST', '/v1/sessions', { token: key, body: { amount: 10, currency: 'EUR', asset: 'DOGE' } })).status).toBe(400);
    s.setCapabilities({ methods: { card: { enabled: false, reason: 'paused' } } });
    expect((await call(s, 'POST', '/v1/sessions', { token: key, body: { amount: 10, currency: 'EUR', method: 'card' } })).json.error.message).toMatch(/paused/);
    expect(s.sessions.list()).toHaveLength(0);
  });

  it('replays an Idempotency-Key and refuses it with another payload', async () => {
    const s = await started();
    const headers = { 'idempotency-key': 'order-42' };
    const body = { amount: 700, currency: 'EUR', metadata: { order: 42, lines: 2 } };
    const first = await call(s, 'POST', '/v1/sessions', { token: s.credentials.secretKey, body, headers });
    const replay = await call(s, 'POST', '/v1/sessions', {
      token: s.credentials.secretKey,
      body: { currency: 'EUR', metadata: { lines: 2, order: 42 }, amount: 700 },
      headers,
    });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => call(s, 'POST', '/v1/sessions', { token: s.credentials.secretKey, body, headers })));
    expect(new Set(concurrent.map((r) => r.json.id))).toEqual(new Set([first.json.id]));
    const other = await call(s, 'POST', '/v1/sessions', { token: s.credentials.secretKey, body: { amount: 701, currency: 'EUR' }, headers });
    expect(other.status).toBe(422);
    expect(other.json.error.type).toBe('idempotency_error');
    expect(s.sessions.list()).toHaveLength(1);
  });
});

describe('sessions without HTTP', () => {
  it('create/get/complete/fail/expire/list directly, with the same rules', async () => {
    const s = createSandbox();
    const a = s.sessions.create({ amount: 100, currency: 'EUR' });
    const b = s.sessions.create({ amount: 200, currency: 'USD' });
    const c = s.sessions.create({ amount: 300, currency: 'GBP' });
    expect(s.sessions.get(a.id)).toEqual(a);
    expect(s.sessions.complete(a.id).status).toBe('completed');
    expect(s.sessions.fail(b.id).status).toBe('failed');
    expect(s.sessions.expire(c.id).status).toBe('expired');
    expect(s.sessions.list('failed').map((x) => x.id)).toEqual([b.id]);
    expect(() => s.sessions.complete(c.id)).toThrow(
      expect.objectContaining({ code: 'SANDBOX_REQUEST_REFUSED', message: expect.stringMatching(/expired, not open/) }),
    );
    expect(() => s.sessions.complete('ses_nope')).toThrow(expect.objectContaining({ code: 'SANDBOX_REQUEST_REFUSED' }));
    expect(() => s.sessions.create({ amount: 1, currency: 'EUR', region: 'JP' })).toThrow(
      expect.objectContaining({ code: 'SANDBOX_REQUEST_REFUSED', message: expect.stringMatching(/region JP is disabled/) }),
    );
    expect(s.sessions.get('ses_missing')).toBeUndefined();
  });
});
