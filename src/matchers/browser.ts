import { z } from 'zod';
import { knownSecrets, registerSecret } from '../evidence/secrets.js';
import type { Probe } from '../evidence/types.js';
import { exchange, is2xx, is4xx, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import type { Endpoint } from '../http/target.js';
import { configuredShapes } from '../scan/configured-shapes.js';
import { CREDENTIAL_KINDS, classify, environmentOf } from '../scan/detectors.js';
import { fingerprint, type ScanFinding } from '../scan/findings.js';
import { maskValue } from '../scan/mask.js';
import { evidenceFindings, findingLines, scanDetails, skippedLine } from '../scan/report-lines.js';
import { scanClientSurface } from '../scan/surface.js';
import { pageSchema } from './credentials.js';
import { describeIssues, finish, misuse, type MatcherState } from './util.js';

export interface ClientSurfaceInput {
  clientDir?: string;
  pages?: Array<string | URL | Endpoint>;
}

export interface BrowserSafeOptions {
  /** The publishable key the client is meant to ship, of the environment under test. */
  publishableKey: string;
}

/** The parts of `createSandbox()` the session-scope probes use. */
export interface SessionScopeSandbox {
  request(request: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
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

const surfaceSchema = z
  .strictObject({ clientDir: z.string().min(1).optional(), pages: z.array(pageSchema).optional() })
  .refine((s) => s.clientDir !== undefined || (s.pages?.length ?? 0) > 0, { message: 'name clientDir and/or pages to scan' });

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

/** Why a credential found client-side is not browser-safe, or undefined when it is. */
function unsafeReason(f: ScanFinding, publishableKey: string, environment: string | undefined): string | undefined {
  if (f.kind === 'publishable_key' && f.fingerprint === fingerprint(publishableKey)) return undefined;
  if (f.kind === 'client_secret' && !f.known) return undefined;
  if (f.kind === 'publishable_key' && !f.known) {
    if (f.environment && environment && f.environment !== environment) return `a ${f.environment} publishable key in a ${environment} build`;
    return 'a publishable key other than the configured one';
  }
  return 'not browser-safe';
}

async function toExposeOnlyBrowserSafeValues(this: MatcherState, received: unknown, options: BrowserSafeOptions) {
  const name = 'toExposeOnlyBrowserSafeValues';
  const surface = surfaceSchema.safeParse(received);
  if (!surface.success) misuse(name, `received: ${describeIssues(surface.error.issues)}`);
  const publishableKey = (options as BrowserSafeOptions | undefined)?.publishableKey;
  const shapes = configuredShapes();
  if (typeof publishableKey !== 'string' || classify(publishableKey, { shapes }) !== 'publishable_key') {
    misuse(name, 'options.publishableKey must be the publishable key (pk_live_… or pk_sandbox_…)');
  }
  const environment = environmentOf(publishableKey);
  const secrets = knownSecrets().filter((s) => s !== publishableKey);
  const report = await scanClientSurface(surface.data, { shapes, kinds: CREDENTIAL_KINDS, knownSecrets: secrets }).catch((error: unknown) =>
    misuse(name, `clientDir ${JSON.stringify(surface.data.clientDir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`),
  );
  const unsafe = report.findings.filter((f) => unsafeReason(f, publishableKey, environment) !== undefined);
  const safe = report.findings.length - unsafe.length;
  const pass = report.scanned.length > 0 && unsafe.length === 0;
  const reason = (f: ScanFinding) => unsafeReason(f, publishableKey, environment);
  const summary =
    report.scanned.length === 0
      ? 'nothing was scanned: no readable client file or page'
      : pass
        ? `every credential in ${report.scanned.length} client artefact(s) is browser-safe: ${safe} occurrence(s) of ${maskValue(publishableKey)} or a client secret`
        : `${unsafe.length} credential(s) in the client surface are not browser-safe (expected only ${maskValue(publishableKey)} and client secrets)`;
  return finish(this, name, 'browser', 'clientSurface', {
    pass,
    summary,
    details: [...findingLines(pass ? report.findings : unsafe, pass ? undefined : reason), ...skippedLine(report)],
    evidence: {
      findings: evidenceFindings(report.findings, (f) => reason(f) ?? 'browser-safe'),
      checks: [
        { name: 'only browser-safe credentials', ok: unsafe.length === 0, detail: `${safe} safe, ${unsafe.length} unsafe` },
        { name: `publishable key is for ${environment ?? 'its environment'}`, ok: !unsafe.some((f) => f.kind === 'publishable_key') },
      ],
      details: { ...scanDetails(report, report.findings), publishableKey: maskValue(publishableKey), environment },
    },
  });
}

interface ScopeProbe {
  name: string;
  expected: '2xx' | '4xx';
  ex: Exchange;
}

function sandboxTarget(sandbox: SessionScopeSandbox) {
  return (request: Request) =>
    (async () => {
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => (headers[k] = v));
      const url = new URL(request.url);
      const res = await sandbox.request({ method: request.method, path: `${url.pathname}${url.search}`, headers, body: request.method === 'GET' ? undefined : await request.text() });
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
  if (kind !== 'client_secret') problems.push(`${maskValue(received)} is ${kind ? `a ${kind.replace(/_/g, ' ')}` : 'not a credential of a documented shape'}, not a client secret`);
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

/** Matchers of the `browser` area. */
export const browserMatchers = { toExposeOnlyBrowserSafeValues, toBeSessionScoped };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Scans the client surface (`{ clientDir?, pages? }`) and passes when every credential
       * in it is the given publishable key (of the right environment) or a client secret.
       * A secret key, a webhook secret, another or other-environment publishable key fails,
       * with file:line:column and the masked value.
       *
       * @example
       * await expect({ clientDir: 'dist', pages: ['https://shop.example/'] }).toExposeOnlyBrowserSafeValues({ publishableKey: 'pk_sandbox_…' })
       */
      toExposeOnlyBrowserSafeValues(options: BrowserSafeOptions): Promise<void>;
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
