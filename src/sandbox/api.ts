import { createHash } from 'node:crypto';
import type { CapabilityResponse } from './capabilities.js';
import type { CallLog } from './calls.js';
import type { VirtualClock } from './clock.js';
import type { SandboxCredentials } from './credentials.js';
import type { Event } from './events.js';
import { SimulatedTimeoutError, type Fault, type FaultQueue } from './faults.js';
import type { RawRequest, RawResponse } from './intercept.js';
import { findRoute, routeName, type Credential, type Route } from './routes.js';
import { constantTimeEqual, SESSION_STATUSES, type Session, type SessionStatus, type SessionStore, type Transition } from './sessions.js';
import type { Verifications } from './verification.js';
import type { DeadLetter } from './webhooks.js';

/** An answer the domain gives when it refuses: the HTTP status and the error body fields. */
export interface ApiError {
  status: number;
  type: 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'idempotency_error' | 'rate_limit_error' | 'api_error';
  code: string;
  message: string;
}

/** What the router needs from the sandbox. */
export interface ApiContext {
  readonly credentials: SandboxCredentials;
  readonly clock: VirtualClock;
  readonly store: SessionStore;
  readonly faults: FaultQueue;
  readonly calls: CallLog;
  readonly events: readonly Event[];
  readonly deadLetters: readonly DeadLetter[];
  readonly idempotency: Map<string, { fingerprint: string; status: number; body: string }>;
  capabilities(): CapabilityResponse;
  createSession(input: unknown): { ok: true; session: Session } | { ok: false; error: ApiError };
  transition(id: string, to: Transition): { ok: true; session: Session } | { ok: false; error: ApiError };
  readonly verifications: Verifications;
}

type Caller = { kind: 'secret' | 'publishable' } | { kind: 'client'; sessionId: string };

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Serves one request to the simulated API and records it in the calls log. Unknown
 * routes answer 404 and are recorded as undocumented; a timeout fault rejects.
 */
export async function serveRequest(ctx: ApiContext, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.url, 'http://sandbox.invalid');
  const method = request.method.toUpperCase();
  const record = (status: number | null, route?: Route, fault?: 'timeout' | '5xx' | '429') =>
    ctx.calls.record({
      method,
      path: url.pathname,
      query: url.search.slice(1),
      headers: request.headers,
      body: request.body,
      status,
      at: ctx.clock.now(),
      route: route && routeName(route),
      fault,
    });

  const found = findRoute(method, url.pathname);
  if (!found) {
    const response = errorResponse({
      status: 404,
      type: 'invalid_request_error',
      code: 'route_unknown',
      message: `${method} ${url.pathname} is not a route of the simulated 0Bit API`,
    });
    record(response.status);
    return response;
  }

  const fault = ctx.faults.take(method, url.pathname);
  if (fault && 'timeout' in fault) {
    // With afterProcessing the work is done (its effect stays) and only the answer is lost.
    if (fault.afterProcessing) answer(ctx, found.route, found.params, url.searchParams, request);
    record(null, found.route, 'timeout');
    throw new SimulatedTimeoutError(method, url.pathname);
  }
  if (fault) {
    const response = faultResponse(fault);
    record(response.status, found.route, fault.status === 429 ? '429' : '5xx');
    return response;
  }
  const response = answer(ctx, found.route, found.params, url.searchParams, request);
  record(response.status, found.route);
  return response;
}

function answer(ctx: ApiContext, route: Route, params: Record<string, string>, query: URLSearchParams, request: RawRequest): RawResponse {
  const caller = authenticate(ctx, request.headers.authorization);
  if (!caller) {
    return errorResponse({ status: 401, type: 'authentication_error', code: 'credentials_invalid', message: 'missing, unknown or expired credentials' });
  }
  const denied = authorize(route.accepts, caller, params.id);
  if (denied) return errorResponse(denied);
  if (route.template.startsWith('/v1/verification_sessions')) return ctx.verifications.answer(route, params, query, request);

  switch (`${route.method} ${route.template}`) {
    case 'POST /v1/sessions':
      return createSession(ctx, request);
    case 'GET /v1/sessions': {
      const status = query.get('status');
      if (status !== null && !SESSION_STATUSES.includes(status as SessionStatus)) {
        return errorResponse(badRequest('status_invalid', `status must be one of ${SESSION_STATUSES.join(', ')}`));
      }
      return json(200, { data: ctx.store.list((status as SessionStatus | null) ?? undefined) });
    }
    case 'GET /v1/sessions/{id}': {
      const session = ctx.store.get(params.id!);
      return session ? json(200, session) : errorResponse(missing(params.id!));
    }
    case 'GET /v1/capabilities':
      return json(200, ctx.capabilities());
    case 'GET /v1/events': {
      const limit = query.get('limit') ?? '100';
      if (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) {
        return errorResponse(badRequest('limit_invalid', 'limit must be an integer from 1 to 1000'));
      }
      return json(200, { data: ctx.events.slice(-Number(limit)).reverse() });
    }
    case 'GET /v1/webhooks/dead_letters':
      return json(200, { data: ctx.deadLetters });
    default: {
      const to = ({ complete: 'completed', fail: 'failed', expire: 'expired' } as const)[route.template.split('/').pop() as 'complete'];
      const result = ctx.transition(params.id!, to);
      return result.ok ? json(200, result.session) : errorResponse(result.error);
    }
  }
}

/** Idempotency-Key (IETF draft): a replay returns the first answer; another payload under the key is refused. */
function createSession(ctx: ApiContext, request: RawRequest): RawResponse {
  let input: unknown;
  try {
    input = JSON.parse(request.body || 'null');
  } catch {
    return errorResponse(badRequest('body_invalid', 'the request body is not valid JSON'));
  }
  const key = request.headers['idempotency-key'];
  const fingerprint = key === undefined ? '' : createHash('sha256').update(canonicalJson(input)).digest('hex');
  if (key !== undefined) {
    const first = ctx.idempotency.get(key);
    if (first && first.fingerprint !== fingerprint) {
      return errorResponse({
        status: 422,
        type: 'idempotency_error',
        code: 'idempotency_key_reused',
        message: 'this Idempotency-Key was used with another payload',
      });
    }
    if (first) return { status: first.status, headers: { ...JSON_HEADERS, 'idempotent-replayed': 'true' }, body: first.body };
  }
  const result = ctx.createSession(input);
  if (!result.ok) return errorResponse(result.error);
  const response = json(201, result.session);
  if (key !== undefined) ctx.idempotency.set(key, { fingerprint, status: response.status, body: response.body });
  return response;
}

function authenticate(ctx: ApiContext, authorization: string | undefined): Caller | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!token) return undefined;
  if (constantTimeEqual(token, ctx.credentials.secretKey)) return { kind: 'secret' };
  if (constantTimeEqual(token, ctx.credentials.publishableKey)) return { kind: 'publishable' };
  const client = ctx.store.resolveClientSecret(token, ctx.clock.now());
  return client?.live ? { kind: 'client', sessionId: client.sessionId } : undefined;
}

function authorize(accepts: readonly Credential[], caller: Caller, sessionId: string | undefined): ApiError | undefined {
  if (!accepts.includes(caller.kind)) {
    return { status: 403, type: 'permission_error', code: 'credential_not_allowed', message: `a ${caller.kind} key cannot call this route` };
  }
  if (caller.kind === 'client' && caller.sessionId !== sessionId) {
    return { status: 403, type: 'permission_error', code: 'session_mismatch', message: 'this client secret belongs to another session' };
  }
  return undefined;
}

function faultResponse(fault: Exclude<Fault, { timeout: true }>): RawResponse {
  if (fault.status === 429) {
    const response = errorResponse({ status: 429, type: 'rate_limit_error', code: 'rate_limited', message: 'too many requests (simulated)' });
    return { ...response, headers: { ...response.headers, 'retry-after': String(fault.retryAfter) } };
  }
  return errorResponse({ status: fault.status, type: 'api_error', code: 'upstream_unavailable', message: `the sandbox answered ${fault.status} (simulated)` });
}

export function badRequest(code: string, message: string): ApiError {
  return { status: 400, type: 'invalid_request_error', code, message };
}

export function missing(id: string): ApiError {
  return { status: 404, type: 'invalid_request_error', code: 'resource_missing', message: `no session ${id}` };
}

function errorResponse(error: ApiError): RawResponse {
  return json(error.status, { error: { type: error.type, code: error.code, message: error.message } });
}

function json(status: number, body: unknown): RawResponse {
  return { status, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

/** Key order does not change a payload's fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
