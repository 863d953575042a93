import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { LaunchError } from '../errors.js';
import { endpoint } from '../http/target.js';
import { createVirtualClock } from './clock.js';
import { EVENT_TYPES, type EventType } from './events.js';
import { createSandbox, type Sandbox } from './sandbox.js';
import type { SandboxCredentials } from './credentials.js';
import { TRIGGER_PATH, type TriggerResult } from './control.js';

export interface SandboxServerOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the simulator is for this machine, not the network. */
  host?: string;
  /** Where signed webhooks go: `http://localhost:3000/webhooks/0bit`. Without it events wait. */
  forward?: string;
  credentials?: Partial<SandboxCredentials>;
  /** Failed attempts before an event is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Real ms after the first failed attempt, doubling after each (default 1000, capped at 1 h). */
  backoffMs?: number;
  /** Called with one line per delivery attempt and dead letter, as they happen. */
  log?: (line: string) => void;
}

export interface SandboxServer extends AsyncDisposable {
  /** Where the simulated API answers: `http://127.0.0.1:4100`. */
  readonly url: string;
  readonly sandbox: Sandbox;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** How often the virtual clock catches up with the wall clock, so retries and expiry happen in real time. */
const TICK_MS = 100;
const TRANSITION: Record<EventType, 'complete' | 'fail' | 'expire'> = {
  'session.completed': 'complete',
  'session.failed': 'fail',
  'session.expired': 'expire',
};

const triggerSchema = z.strictObject({
  type: z.enum(EVENT_TYPES),
  session: z.string().min(1).optional(),
});

type Forward = { url: string; origin: string; path: string };

/** What a request to the running server is served from. */
interface Served {
  sandbox: Sandbox;
  forward?: Forward;
  /** Logs the delivery attempts and dead letters not logged yet. */
  report(): void;
}

/**
 * The simulator as a process, like `stripe listen`: a real HTTP server that serves the
 * simulated 0Bit API (the same routes and answers as in-process) and delivers signed
 * webhooks to `forward` with retries and dead letters. Its virtual clock follows the wall
 * clock, so backoff and session expiry take real time. `POST /_sandbox/trigger` makes it
 * emit an event (what `0bit-launch sandbox trigger` calls).
 */
export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const forward = options.forward === undefined ? undefined : parseForward(options.forward);
  const host = options.host ?? '127.0.0.1';
  // Set before the first request can arrive: listening resolves in a microtask, requests come in later tasks.
  let served: Served | undefined;
  const server = createServer((req, res) => serve(served!, req, res));
  await listen(server, host, options.port ?? 4100);
  const url = publicUrl(host, (server.address() as AddressInfo).port);
  const sandbox = forwardingSandbox(url, forward, options);
  const report = deliveryReporter(sandbox, options.log ?? (() => {}));
  served = { sandbox, forward, report };
  const catchUp = wallClockFollower(sandbox, report);
  const ticker = setInterval(() => void catchUp().catch(() => {}), TICK_MS);

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearInterval(ticker);
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return { url, sandbox, close, [Symbol.asyncDispose]: close };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LaunchError(
          'SANDBOX_LISTEN_FAILED',
          error.code === 'EADDRINUSE' ? `port ${port} is in use; pass another --port` : `cannot listen on ${host}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen(port, host, resolve);
  });
}

/** The URL clients reach the server at: a wildcard host is reached on loopback. */
function publicUrl(host: string, port: number): string {
  return `http://${/^(0\.0\.0\.0|::)$/.test(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
}

function forwardingSandbox(url: string, forward: Forward | undefined, options: SandboxServerOptions): Sandbox {
  const backoff = options.backoffMs ?? 1_000;
  return createSandbox({
    baseUrl: url,
    clock: createVirtualClock(Date.now()),
    credentials: options.credentials,
    webhook: {
      ...(forward ? { endpoint: endpoint(forward.origin, forward.path) } : {}),
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      backoffMs: (attempt: number) => Math.min(backoff * 2 ** (attempt - 1), 3_600_000),
    },
  });
}

/** One log line per delivery attempt and dead letter, each logged once. */
function deliveryReporter(sandbox: Sandbox, log: (line: string) => void): () => void {
  let reported = { deliveries: 0, deadLetters: 0 };
  return () => {
    for (const d of sandbox.deliveries.slice(reported.deliveries)) {
      const outcome = d.ok ? `${d.status}` : d.status === null ? `failed (${d.error ?? 'no answer'})` : `failed (${d.status})`;
      log(`--> ${d.type} ${d.eventId} attempt ${d.attempt}: ${outcome}`);
    }
    for (const dl of sandbox.deadLetters.slice(reported.deadLetters))
      log(`dead-lettered ${dl.type} ${dl.eventId} after ${dl.attempts} attempts (last: ${dl.lastStatus ?? 'no answer'})`);
    reported = { deliveries: sandbox.deliveries.length, deadLetters: sandbox.deadLetters.length };
  };
}

/** Advances the virtual clock to the wall clock, one catch-up at a time. */
function wallClockFollower(sandbox: Sandbox, report: () => void): () => Promise<void> {
  let catching: Promise<void> | undefined;
  return () => {
    catching ??= sandbox.clock.advance(Math.max(0, Date.now() - sandbox.clock.now())).finally(() => {
      catching = undefined;
      report();
    });
    return catching;
  };
}

function serve(served: Served, req: IncomingMessage, res: ServerResponse): void {
  handle(served, req, res).catch((error: unknown) => {
    if (!res.headersSent) sendJson(res, 500, { error: { type: 'api_error', code: 'sandbox_error', message: (error as Error).message } });
    else res.destroy();
  });
}

async function handle(served: Served, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === undefined)
    return sendJson(res, 413, { error: { type: 'invalid_request_error', code: 'body_too_large', message: `bodies are limited to ${MAX_BODY_BYTES} bytes` } });
  // No waiting for the clock here: a delivery in flight may be waiting on this very app.
  const path = req.url ?? '/';
  if (path === TRIGGER_PATH || path.startsWith('/_sandbox/')) return control(served, req, res, path, body);
  const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])));
  const answer = await served.sandbox.request({ method: req.method ?? 'GET', path, headers, body });
  res.writeHead(answer.status, answer.headers).end(answer.body);
  served.report();
}

async function control(served: Served, req: IncomingMessage, res: ServerResponse, path: string, body: string): Promise<void> {
  if (path !== TRIGGER_PATH || req.method !== 'POST')
    return sendJson(res, 404, { error: { code: 'route_unknown', message: `${req.method} ${path} is not a sandbox control route (POST ${TRIGGER_PATH})` } });
  // A web page cannot make this request: a JSON body needs a CORS preflight (never granted),
  // and a rebound DNS name fails the Host check.
  if (!isLoopbackHost(req.headers.host))
    return sendJson(res, 403, { error: { code: 'host_not_loopback', message: 'control routes answer only to localhost' } });
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return sendJson(res, 415, { error: { code: 'json_required', message: 'send the trigger as application/json' } });
  let input: z.infer<typeof triggerSchema>;
  try {
    input = triggerSchema.parse(JSON.parse(body || 'null'));
  } catch {
    return sendJson(res, 400, {
      error: { code: 'trigger_invalid', message: `expected {"type": ${EVENT_TYPES.map((t) => JSON.stringify(t)).join(' | ')}, "session"?: "ses_…"}` },
    });
  }
  const { sandbox: sb, forward } = served;
  let sessionId = input.session;
  if (sessionId === undefined) sessionId = sb.sessions.create({ amount: 1000, currency: 'EUR', metadata: { trigger: input.type } }).id;
  else if (sb.sessions.get(sessionId)?.status !== 'open') {
    const status = sb.sessions.get(sessionId)?.status;
    return sendJson(res, status ? 409 : 404, {
      error: {
        code: status ? 'session_not_open' : 'resource_missing',
        message: status ? `session ${sessionId} is ${status}, not open` : `no session ${sessionId}`,
      },
    });
  }
  sb.sessions[TRANSITION[input.type]](sessionId);
  const event = sb.events.at(-1)!;
  if (forward) await sb.flush();
  served.report();
  const first = sb.deliveries.find((d) => d.eventId === event.id);
  const result: TriggerResult = {
    event: { id: event.id, type: event.type },
    session: sessionId,
    delivery: first ? { attempt: first.attempt, status: first.status, ok: first.ok, ...(first.error ? { error: first.error } : {}) } : null,
    forwardedTo: forward?.url ?? null,
  };
  sendJson(res, 200, result);
}

function parseForward(value: string): Forward {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LaunchError(
      'SANDBOX_OPTIONS_INVALID',
      `forward ${JSON.stringify(value)} is not a URL; pass the webhook route, e.g. http://localhost:3000/webhooks/0bit`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LaunchError('SANDBOX_OPTIONS_INVALID', `forward must be an http(s) URL, got ${JSON.stringify(value)}`);
  return { url: url.href, origin: url.origin, path: `${url.pathname}${url.search}` };
}

function isLoopbackHost(host: string | undefined): boolean {
  const name = host?.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '[::1]' || (name !== undefined && /^127\.\d+\.\d+\.\d+$/.test(name));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
