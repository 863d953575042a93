import { z } from 'zod';
import { LaunchError } from '../errors.js';
import type { Endpoint } from '../http/target.js';
import { registerSecret } from '../evidence/secrets.js';
import { badRequest, missing, serveRequest, type ApiContext, type ApiError } from './api.js';
import { CallLog, type SandboxCall } from './calls.js';
import { applyCapabilities, defaultCapabilities, type CapabilityResponse } from './capabilities.js';
import { createVirtualClock, type VirtualClock } from './clock.js';
import { resolveCredentials, type SandboxCredentials } from './credentials.js';
import { createSessionEvent, eventTypeMapSchema, resolveEventTypes, TRANSITION_EVENT, type Event, type EventType, type EventTypeMap } from './events.js';
import { FaultQueue, type Fault } from './faults.js';
import { interceptOrigin, type RawResponse } from './intercept.js';
import { loadSandboxOpenApi, type OpenApiDocument } from './openapi.js';
import { SessionStore, sessionInputSchema, type Session, type SessionInput, type SessionStatus, type Transition } from './sessions.js';
import { Verifications, type VerificationInput, type VerificationSession, type VerificationStatus } from './verification.js';
import { WebhookDispatcher, type DeadLetter, type DeliverOptions, type DeliveryResult, type WebhookOptions } from './webhooks.js';
import { describeIssues, firstIssue } from '../base/zod-issues.js';

export const DEFAULT_SANDBOX_BASE_URL = 'https://api.sandbox.0bit.test';
const DEFAULT_SESSION_TTL_MS = 30 * 60 * 1000;
const DEFAULT_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

export interface SandboxOptions {
  /** Origin the simulated API answers on (default `https://api.sandbox.0bit.test`). */
  baseUrl?: string;
  /** Shapes the generated keys (`sk_sandbox_…` / `sk_live_…`) and the capabilities' environment. */
  environment?: 'sandbox' | 'live';
  /** Fixed credentials; any not given are generated per sandbox. */
  credentials?: Partial<SandboxCredentials>;
  /** The initial capability response (default: see docs/sandbox.md). */
  capabilities?: CapabilityResponse;
  /** A clock to share (with another sandbox, or one created up front); default a new virtual clock. */
  clock?: VirtualClock;
  /** How long sessions and their client secrets live, in virtual ms (default 30 minutes). */
  sessionTtlMs?: number;
  /** How long a hosted verification session stays pending before it expires, in virtual ms (default 24 hours). */
  verificationTtlMs?: number;
  webhook?: WebhookOptions;
  /** The integration's names for the sandbox's events: `{ 'session.completed': 'checkout.paid' }`. */
  eventTypes?: EventTypeMap;
}

/** Direct helpers for tests and drills: the same effects as the HTTP routes, without HTTP. */
export interface SandboxSessions {
  create(input: SessionInput): Session;
  get(id: string): Session | undefined;
  complete(id: string): Session;
  fail(id: string): Session;
  expire(id: string): Session;
  list(status?: SessionStatus): Session[];
}

/**
 * Hosted KYC/KYB verification sessions without HTTP: create one as the integration would,
 * or play the applicant and 0Bit's reviewers (each outcome emits its event, like the routes).
 */
export interface SandboxVerifications {
  create(input: VerificationInput): VerificationSession;
  get(id: string): VerificationSession | undefined;
  list(status?: VerificationStatus): VerificationSession[];
  verify(id: string): VerificationSession;
  reject(id: string, reason?: string): VerificationSession;
  review(id: string, reason?: string): VerificationSession;
  expire(id: string): VerificationSession;
}

/** A request served in-process, exactly as over HTTP (and recorded in `calls`). */
export interface SandboxRequest {
  method: string;
  /** Path and query: `/v1/sessions?status=open`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Sandbox extends AsyncDisposable {
  readonly baseUrl: string;
  readonly environment: 'sandbox' | 'live';
  readonly credentials: SandboxCredentials;
  readonly clock: VirtualClock;
  /** The name each sandbox event type is emitted under (the `eventTypes` option, else its own). */
  readonly eventTypes: Readonly<Record<EventType, string>>;
  readonly sessions: SandboxSessions;
  readonly verifications: SandboxVerifications;
  /** Every event emitted, oldest first. */
  readonly events: readonly Event[];
  /** Every webhook delivery attempt, oldest first. */
  readonly deliveries: readonly DeliveryResult[];
  /** Events whose every attempt failed, in the order they were given up on. */
  readonly deadLetters: readonly DeadLetter[];
  /** Every request made to the simulated API, redacted, oldest first. */
  readonly calls: readonly SandboxCall[];
  /** The OpenAPI 3.1 document of the simulated API, with this sandbox's base URL as server. */
  readonly openapi: OpenApiDocument;
  /** Whether the interceptors are installed. */
  readonly started: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  capabilities(): CapabilityResponse;
  setCapabilities(update: unknown): CapabilityResponse;
  deliverTo(endpoint: Endpoint): void;
  /** Runs every webhook attempt due now (first attempts of new events, retries that fell due). */
  flush(): Promise<void>;
  /** Advances the clock through every retry until each queued event is delivered or dead-lettered. */
  drain(): Promise<void>;
  deliver(event: Event, options?: DeliverOptions): Promise<DeliveryResult[]>;
  failNext(route: string, n: number, fault: Fault): void;
  forceDeadLetter(n?: number): void;
  request(request: SandboxRequest): Promise<RawResponse>;
}

const optionsSchema = z.strictObject({
  baseUrl: z.string().optional(),
  environment: z.enum(['sandbox', 'live']).optional(),
  credentials: z.unknown().optional(),
  capabilities: z.unknown().optional(),
  clock: z
    .custom<VirtualClock>(
      (v) => typeof (v as VirtualClock)?.now === 'function' && typeof (v as VirtualClock)?.schedule === 'function',
      'must be a VirtualClock (createVirtualClock())',
    )
    .optional(),
  sessionTtlMs: z.number().int().positive().optional(),
  verificationTtlMs: z.number().int().positive().optional(),
  webhook: z.unknown().optional(),
  eventTypes: eventTypeMapSchema.optional(),
});

/**
 * An in-process simulation of the 0Bit sandbox. Nothing is intercepted until `start()`;
 * `stop()` (or `await using`) removes exactly the interceptors it added.
 *
 * @example
 * await using sandbox = createSandbox({ webhook: { endpoint: endpoint(app, '/webhooks/0bit') } });
 * await sandbox.start();
 * const res = await fetch(`${sandbox.baseUrl}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.credentials.secretKey}` }, body: '{"amount":1000,"currency":"EUR"}' });
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const settings = resolveOptions(options);
  registerSecret(settings.credentials.secretKey);
  registerSecret(settings.credentials.webhookSecret);
  const state = createState(settings);
  const moves = sessionMoves(settings, state);
  const context = apiContext(settings, state, moves);
  const interceptors = interceptorSwitch(settings.baseUrl, context);
  const { webhooks, faults } = state;
  let openapi: OpenApiDocument | undefined;

  const sandbox: Sandbox = {
    baseUrl: settings.baseUrl,
    environment: settings.environment,
    credentials: settings.credentials,
    clock: settings.clock,
    eventTypes: settings.eventTypes,
    ...directHelpers(state, moves),
    events: state.events,
    get deliveries() {
      return webhooks.deliveries;
    },
    get deadLetters() {
      return webhooks.deadLetters;
    },
    calls: state.calls.entries,
    get openapi() {
      openapi ??= { ...loadSandboxOpenApi(), servers: [{ url: settings.baseUrl, description: 'this simulated sandbox' }] };
      return openapi;
    },
    get started() {
      return interceptors.started();
    },
    start: async () => interceptors.start(),
    stop: async () => interceptors.stop(),
    async [Symbol.asyncDispose]() {
      await sandbox.stop();
    },
    capabilities: () => structuredClone(state.capabilities),
    setCapabilities(update) {
      state.capabilities = applyCapabilities(state.capabilities, update);
      return structuredClone(state.capabilities);
    },
    deliverTo: (endpoint) => webhooks.deliverTo(endpoint),
    flush: () => webhooks.flush(),
    drain: () => webhooks.drain(),
    deliver: (event, deliverOptions) => webhooks.deliver(event, deliverOptions),
    failNext: (route, n, fault) => faults.add(route, n, fault),
    forceDeadLetter: (n = 1) => webhooks.forceDeadLetter(n),
    request: ({ method, path, headers = {}, body = '' }) =>
      serveRequest(context, {
        method,
        url: path,
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
        body,
      }),
  };
  return sandbox;
}

/** The options, checked and with every default filled in. */
interface SandboxSettings {
  environment: 'sandbox' | 'live';
  baseUrl: string;
  credentials: SandboxCredentials;
  clock: VirtualClock;
  sessionTtlMs: number;
  verificationTtlMs: number;
  eventTypes: Readonly<Record<EventType, string>>;
  capabilities: CapabilityResponse;
  webhook: unknown;
}

function resolveOptions(options: SandboxOptions): SandboxSettings {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new LaunchError('SANDBOX_OPTIONS_INVALID', `createSandbox(): ${describeIssues(parsed.error.issues)}`);
  }
  const o = parsed.data;
  const environment = o.environment ?? 'sandbox';
  return {
    environment,
    baseUrl: parseBaseUrl(o.baseUrl ?? DEFAULT_SANDBOX_BASE_URL),
    credentials: resolveCredentials(environment, o.credentials),
    clock: o.clock ?? createVirtualClock(),
    sessionTtlMs: o.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    verificationTtlMs: o.verificationTtlMs ?? DEFAULT_VERIFICATION_TTL_MS,
    eventTypes: resolveEventTypes(o.eventTypes),
    capabilities: o.capabilities === undefined ? defaultCapabilities(environment) : applyCapabilities(defaultCapabilities(environment), o.capabilities),
    webhook: o.webhook,
  };
}

/** What one sandbox holds: its sessions, events, calls, faults, webhooks and capabilities. */
interface SandboxState {
  readonly store: SessionStore;
  readonly events: Event[];
  readonly calls: CallLog;
  readonly faults: FaultQueue;
  readonly webhooks: WebhookDispatcher;
  readonly verifications: Verifications;
  /** Replaced whole by setCapabilities. */
  capabilities: CapabilityResponse;
}

function createState(settings: SandboxSettings): SandboxState {
  const events: Event[] = [];
  const webhooks = new WebhookDispatcher(settings.clock, settings.credentials.webhookSecret, settings.webhook);
  const state: SandboxState = {
    store: new SessionStore(),
    events,
    calls: new CallLog(),
    faults: new FaultQueue(),
    webhooks,
    verifications: new Verifications({
      clock: settings.clock,
      baseUrl: settings.baseUrl,
      ttlMs: settings.verificationTtlMs,
      capabilities: () => state.capabilities,
      emit(event) {
        events.push(event);
        webhooks.enqueue(event);
      },
    }),
    capabilities: settings.capabilities,
  };
  return state;
}

type Outcome<T> = { ok: true; session: T } | { ok: false; error: ApiError };

/** Creating a session and moving it on, shared by the HTTP routes and the direct helpers. */
interface SessionMoves {
  createSession(input: unknown): Outcome<Session>;
  transition(id: string, to: Transition): Outcome<Session>;
}

function sessionMoves(settings: SandboxSettings, state: SandboxState): SessionMoves {
  const { clock, sessionTtlMs: ttlMs, eventTypes } = settings;
  const { store, events, webhooks } = state;

  function createSession(input: unknown): Outcome<Session> {
    const body = sessionInputSchema.safeParse(input);
    if (!body.success) {
      return { ok: false, error: badRequest('parameter_invalid', firstIssue(body.error.issues, 'body')) };
    }
    const disabled = disabledCapability(state.capabilities, body.data);
    if (disabled) return { ok: false, error: badRequest('capability_disabled', disabled) };
    const session = store.create(body.data, clock.now(), ttlMs);
    clock.schedule(clock.now() + ttlMs, () => {
      if (store.get(session.id)?.status === 'open') transition(session.id, 'expired');
    });
    return { ok: true, session };
  }

  function transition(id: string, to: Transition): Outcome<Session> {
    const result = store.transition(id, to);
    if (!result.ok) {
      if (result.reason === 'missing') return { ok: false, error: missing(id) };
      return {
        ok: false,
        error: { status: 409, type: 'invalid_request_error', code: 'session_not_open', message: `session ${id} is ${result.status}, not open` },
      };
    }
    const event = createSessionEvent(TRANSITION_EVENT[to], result.session, clock.now(), eventTypes[TRANSITION_EVENT[to]]);
    events.push(event);
    webhooks.enqueue(event);
    return result;
  }

  return { createSession, transition };
}

/** What the HTTP routes (src/sandbox/api.ts) see of the sandbox. */
function apiContext(settings: SandboxSettings, state: SandboxState, moves: SessionMoves): ApiContext {
  return {
    credentials: settings.credentials,
    clock: settings.clock,
    store: state.store,
    faults: state.faults,
    calls: state.calls,
    events: state.events,
    get deadLetters() {
      return state.webhooks.deadLetters;
    },
    idempotency: new Map(),
    capabilities: () => structuredClone(state.capabilities),
    createSession: moves.createSession,
    transition: moves.transition,
    verifications: state.verifications,
  };
}

/** The direct helpers: the routes' moves without HTTP, a refusal thrown as SANDBOX_REQUEST_REFUSED. */
function directHelpers(state: SandboxState, moves: SessionMoves): Pick<Sandbox, 'sessions' | 'verifications'> {
  const { store, verifications } = state;
  const unwrap = <T>(result: Outcome<T>): T => {
    if (result.ok) return result.session;
    throw new LaunchError('SANDBOX_REQUEST_REFUSED', `${result.error.message} (${result.error.status} ${result.error.code})`);
  };
  return {
    sessions: {
      create: (input) => unwrap(moves.createSession(input)),
      get: (id) => store.get(id),
      complete: (id) => unwrap(moves.transition(id, 'completed')),
      fail: (id) => unwrap(moves.transition(id, 'failed')),
      expire: (id) => unwrap(moves.transition(id, 'expired')),
      list: (status) => store.list(status),
    },
    verifications: {
      create: (input) => unwrap(verifications.create(input)),
      get: (id) => verifications.get(id),
      list: (status) => verifications.list(status),
      verify: (id) => unwrap(verifications.transition(id, 'verified')),
      reject: (id, reason) => unwrap(verifications.transition(id, 'rejected', reason)),
      review: (id, reason) => unwrap(verifications.transition(id, 'needs_review', reason)),
      expire: (id) => unwrap(verifications.transition(id, 'expired')),
    },
  };
}

/** Installs the interceptors for `baseUrl` once, and removes exactly those. */
function interceptorSwitch(baseUrl: string, context: ApiContext) {
  let remove: (() => void) | undefined;
  return {
    started: () => remove !== undefined,
    start() {
      remove ??= interceptOrigin(baseUrl, (request) => serveRequest(context, request));
    },
    stop() {
      remove?.();
      remove = undefined;
    },
  };
}

/** The base URL must be a bare http(s) origin: the simulated routes live at its root. */
function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LaunchError('SANDBOX_OPTIONS_INVALID', `createSandbox(): baseUrl ${JSON.stringify(value)} is not a URL`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new LaunchError(
      'SANDBOX_OPTIONS_INVALID',
      `createSandbox(): baseUrl must be an http(s) origin like https://api.sandbox.0bit.test, got ${JSON.stringify(value)}`,
    );
  }
  return url.origin;
}

/** Why the account may not create this session, if it may not. */
function disabledCapability(capabilities: CapabilityResponse, input: SessionInput): string | undefined {
  const checks = [
    ['region', input.region, capabilities.regions],
    ['asset', input.asset, capabilities.assets],
    ['method', input.method, capabilities.methods],
  ] as const;
  for (const [name, id, map] of checks) {
    if (id === undefined) continue;
    const flag = map[id];
    if (!flag) return `${name} ${id} is not offered in ${capabilities.environment}`;
    if (!flag.enabled) return `${name} ${id} is disabled${flag.reason ? `: ${flag.reason}` : ''}`;
  }
  return undefined;
}
