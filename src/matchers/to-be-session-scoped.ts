import { z } from 'zod';
import { registerSecret } from '../evidence/secrets.js';
import type { Probe } from '../evidence/types.js';
import { exchange, is2xx, is4xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import { classify } from '../detect/detectors.js';
import { maskValue } from '../detect/mask.js';
import { configuredShapes } from './credential-shapes.js';
import { finish, misuse, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

/** The parts of `createSandbox()` the session-scope probes use. */
export interface SessionScopeSandbox {
  request(request: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  sessions: {
    get(id: string): { id: string; expiresAt: string } | undefined;
    create(input: { amount: number; currency: string }): { id: string };
  };
  clock: { now(): number; advance(ms: number): Promise<void> };
}

export interface SessionScopedOptions {
  sandbox: SessionScopeSandbox;
  /** The session the client secret was issued for. */
  sessionId: string;
}

const sessionScopedSchema = z.strictObject({
  sandbox: z.custom<SessionScopeSandbox>(
    (v) =>
      typeof (v as SessionScopeSandbox)?.request === 'function' &&
      typeof (v as SessionScopeSandbox)?.sessions?.get === 'function' &&
      typeof (v as SessionScopeSandbox)?.clock?.advance === 'function',
    'expected a sandbox from createSandbox()',
  ),
  sessionId: z.string().min(1),
});

interface ScopeProbe {
  name: string;
  expected: '2xx' | '4xx';
  ex: Exchange;
}

function sandboxTarget(sandbox: SessionScopeSandbox) {
  return (request: Request) =>
    (async () => {
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => {
        headers[k] = v;
      });
      const url = new URL(request.url);
      const res = await sandbox.request({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        body: request.method === 'GET' ? undefined : await request.text(),
      });
      return new Response(res.body, { status: res.status, headers: res.headers });
    })();
}

async function toBeSessionScoped(this: MatcherState, received: unknown, options: SessionScopedOptions) {
  const name = 'toBeSessionScoped';
  if (typeof received !== 'string' || received.length < 8) misuse(name, 'expected the client secret (a string) as the received value');
  registerSecret(received);
  const parsed = sessionScopedSchema.safeParse(options ?? {});
  if (!parsed.success) misuse(name, describeIssues(parsed.error.issues));
  const { sandbox, sessionId } = parsed.data;
  const kind = classify(received, { shapes: configuredShapes() });
  const session = sandbox.sessions.get(sessionId);
  const problems: string[] = [];
  const probes: ScopeProbe[] = [];
  if (kind !== 'client_secret')
    problems.push(`${maskValue(received)} is ${kind ? `a ${kind.replace(/_/g, ' ')}` : 'not a credential of a documented shape'}, not a client secret`);
  if (!session) problems.push(`the sandbox has no session ${sessionId}`);

  if (problems.length === 0 && session) {
    const target = sandboxTarget(sandbox);
    const get = (path: string) => exchange(target, { method: 'GET', path, headers: { authorization: `Bearer ${received}` } });
    probes.push({ name: 'own session', expected: '2xx', ex: await get(`/v1/sessions/${encodeURIComponent(sessionId)}`) });
    const other = sandbox.sessions.create({ amount: 100, currency: 'EUR' });
    probes.push({ name: 'another session', expected: '4xx', ex: await get(`/v1/sessions/${encodeURIComponent(other.id)}`) });
    probes.push({ name: 'listing all sessions', expected: '4xx', ex: await get('/v1/sessions') });
    const untilExpiry = Date.parse(session.expiresAt) - sandbox.clock.now();
    await sandbox.clock.advance(Math.max(untilExpiry, 0) + 1);
    probes.push({ name: 'own session after expiry', expected: '4xx', ex: await get(`/v1/sessions/${encodeURIComponent(sessionId)}`) });
    for (const p of probes) {
      const ok = p.expected === '2xx' ? is2xx(p.ex) : is4xx(p.ex);
      if (!ok) problems.push(`${p.name}: expected ${p.expected === '2xx' ? 'acceptance (2xx)' : 'refusal (4xx)'}, got ${outcomeText(p.ex)}`);
    }
  }
  const pass = problems.length === 0;
  const masked = maskValue(received, 'client_secret');
  const evidenceProbes: Probe[] = probes.map((p) => toProbe(p.ex, p.name, p.expected, p.expected === '2xx' ? is2xx(p.ex) : is4xx(p.ex)));
  return finish(this, name, 'browser', 'clientSecret', {
    pass,
    summary: pass
      ? `${masked} opens session ${sessionId} only, and only until it expires (${probes.length} sandbox probes)`
      : `${masked} is not scoped to session ${sessionId}: ${problems.length} problem(s)`,
    details: pass ? probes.map((p) => `${p.name}: ${outcomeText(p.ex)}`) : problems,
    evidence: { probes: evidenceProbes, details: { sessionId, clientSecret: masked } },
  });
}

export const toBeSessionScopedMatcher = { toBeSessionScoped };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Asks the sandbox whether a client secret is session-scoped: it must open its own
       * session, not another one (a fresh control session is created) nor the session list,
       * and not its own session once the sandbox clock passes the session's expiry (the
       * matcher advances the sandbox's virtual clock).
       *
       * @example
       * await expect(clientSecret).toBeSessionScoped({ sandbox, sessionId })
       */
      toBeSessionScoped(options: SessionScopedOptions): Promise<void>;
    }
  }
}
