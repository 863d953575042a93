import { request as httpRequest, createServer } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createSandbox, DEFAULT_SANDBOX_BASE_URL } from '../../src/sandbox/index.js';
import { call, createSessionOverHttp } from './helpers.js';

/** A GET over node:http(s); resolves with the status and body, or the connection error. */
function nodeGet(url: string, token: string): Promise<{ status: number; body: string } | { error: NodeJS.ErrnoException }> {
  const request = url.startsWith('https:') ? https.request : httpRequest;
  return new Promise((resolve) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', (error) => resolve({ error }));
    req.end();
  });
}

describe('interception', () => {
  it('serves node:https and node:http clients as well as fetch', async () => {
    await using secure = createSandbox();
    await using plain = createSandbox({ baseUrl: 'http://sandbox-plain.0bit.test:8080' });
    await secure.start();
    await plain.start();
    const viaHttps = await nodeGet(`${secure.baseUrl}/v1/capabilities`, secure.credentials.secretKey);
    expect(viaHttps).toMatchObject({ status: 200 });
    expect(JSON.parse((viaHttps as { body: string }).body).products['0gate']).toEqual({ enabled: true });
    const viaHttp = await nodeGet(`${plain.baseUrl}/v1/capabilities`, plain.credentials.publishableKey);
    expect(viaHttp).toMatchObject({ status: 200 });
    expect(secure.calls).toHaveLength(1);
    expect(plain.calls).toHaveLength(1);
  });

  it('runs two sandboxes on different base URLs side by side without crosstalk', async () => {
    await using a = createSandbox({ baseUrl: 'https://a.sandbox.0bit.test' });
    await using b = createSandbox({ baseUrl: 'https://b.sandbox.0bit.test' });
    await Promise.all([a.start(), b.start()]);
    const [sa, sb] = await Promise.all([createSessionOverHttp(a), createSessionOverHttp(b)]);
    expect(a.sessions.get(sa.id)).toBeDefined();
    expect(a.sessions.get(sb.id)).toBeUndefined();
    // Each sandbox knows only its own keys and sessions.
    expect((await call(a, 'GET', `/v1/sessions/${sa.id}`, { token: b.credentials.secretKey })).status).toBe(401);
    expect((await call(b, 'GET', `/v1/sessions/${sa.id}`, { token: sa.clientSecret })).status).toBe(401);
    expect((await call(b, 'GET', `/v1/sessions/${sb.id}`, { token: sb.clientSecret })).status).toBe(200);
    expect(a.calls.map((c) => c.status)).toEqual([201, 401]);
    expect(b.calls.map((c) => c.status)).toEqual([201, 401, 200]);

    await a.stop();
    expect((await call(b, 'GET', '/v1/capabilities', { token: b.credentials.secretKey })).status).toBe(200);
  });

  it('refuses to start two sandboxes on one origin at once', async () => {
    await using a = createSandbox();
    const b = createSandbox();
    await a.start();
    await expect(b.start()).rejects.toMatchObject({ code: 'SANDBOX_ORIGIN_TAKEN', message: expect.stringContaining(DEFAULT_SANDBOX_BASE_URL) });
    await a.stop();
    await b.start();
    await b.stop();
  });

  it('stop() removes its interceptors: a later request to that host fails instead of answering', async () => {
    const s = createSandbox({ baseUrl: 'https://stopped.sandbox.0bit.test' });
    await s.start();
    expect(nock.activeMocks().length).toBeGreaterThan(0);
    const before = nock.activeMocks().length;
    expect((await call(s, 'GET', '/v1/capabilities', { token: s.credentials.secretKey })).status).toBe(200);
    await s.stop();
    expect(s.started).toBe(false);
    expect(nock.activeMocks().length).toBeLessThan(before);
    expect(nock.activeMocks().some((m) => m.includes('stopped.sandbox'))).toBe(false);
    await expect(fetch(`${s.baseUrl}/v1/capabilities`)).rejects.toThrow();
    expect(await nodeGet(`${s.baseUrl}/v1/capabilities`, s.credentials.secretKey)).toHaveProperty('error');
    expect(s.calls).toHaveLength(1);
    await s.stop();
  });

  it('leaves other nock scopes and loopback traffic alone', async () => {
    const ping = nock('https://unrelated.example').persist().get('/ping');
    ping.reply(200, 'pong');
    const server = createServer((_req, res) => res.end('loopback ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const s = createSandbox();
      await s.start();
      await s.stop();
      expect(await (await fetch('https://unrelated.example/ping')).text()).toBe('pong');
      const port = (server.address() as AddressInfo).port;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('loopback ok');
    } finally {
      server.close();
      expect(nock.removeInterceptor(ping)).toBe(true);
    }
  });

  it('supports await using: disposal stops the sandbox', async () => {
    let s: ReturnType<typeof createSandbox>;
    {
      await using inner = createSandbox({ baseUrl: 'https://disposed.sandbox.0bit.test' });
      s = inner;
      await inner.start();
      expect(inner.started).toBe(true);
    }
    expect(s.started).toBe(false);
    await expect(fetch(`${s.baseUrl}/v1/capabilities`)).rejects.toThrow();
  });
});
