/**
 * Hosted KYC/KYB verification sessions: an integration creates one for a person
 * (`individual`, KYC) or a company (`business`, KYB) and sends them to its hosted page;
 * the simulator plays the applicant and 0Bit's reviewers through outcome routes, and each
 * step emits a `verification_session.*` event that is delivered as a signed webhook.
 *
 *   pending ──▶ verified | rejected | expired
 *      └─────▶ needs_review ──▶ verified | rejected
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, type ApiError } from './api.js';
import type { CapabilityResponse } from './capabilities.js';
import type { VirtualClock } from './clock.js';
import { randomAlnum } from '../base/random-id.js';
import type { Event } from './events.js';
import type { RawRequest, RawResponse } from './intercept.js';
import type { RouteSpec } from './routes.js';
import { firstIssue } from '../base/zod-issues.js';

export const VERIFICATION_TYPES = ['individual', 'business'] as const;
export type VerificationType = (typeof VERIFICATION_TYPES)[number];

export const VERIFICATION_STATUSES = ['pending', 'needs_review', 'verified', 'rejected', 'expired'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Where a session can move from `pending` (and from `needs_review`, after the review). */
export type VerificationOutcome = Exclude<VerificationStatus, 'pending'>;
export const VERIFICATION_OUTCOMES = ['verified', 'rejected', 'needs_review', 'expired'] as const satisfies readonly VerificationOutcome[];

export const VERIFICATION_EVENT_TYPES = [
  'verification_session.created',
  'verification_session.needs_review',
  'verification_session.verified',
  'verification_session.rejected',
  'verification_session.expired',
] as const;
export type VerificationEventType = (typeof VERIFICATION_EVENT_TYPES)[number];

/** KYC for people, KYB for businesses: the capability flag that must be enabled. */
export const PROGRAMME_OF = { individual: 'kyc', business: 'kyb' } as const satisfies Record<VerificationType, 'kyc' | 'kyb'>;

const FROM: Record<VerificationOutcome, readonly VerificationStatus[]> = {
  needs_review: ['pending'],
  verified: ['pending', 'needs_review'],
  rejected: ['pending', 'needs_review'],
  expired: ['pending'],
};

/** A hosted verification session as the simulated API returns it. */
export interface VerificationSession {
  id: string;
  object: 'verification_session';
  type: VerificationType;
  programme: 'kyc' | 'kyb';
  status: VerificationStatus;
  /** The integration's own id for the person or business (a customer id), never personal data. */
  reference: string | null;
  /** The hosted page the applicant is sent to. The simulator does not serve it: outcomes are played through the API. */
  url: string;
  returnUrl: string | null;
  /** Why a session was rejected or sent to review. */
  reason: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
  /** When it reached a final outcome (verified, rejected, expired). */
  decidedAt: string | null;
}

/** The body of `POST /v1/verification_sessions` (and of `sandbox.verifications.create`). */
export const verificationInputSchema = z.strictObject({
  type: z.enum(VERIFICATION_TYPES),
  reference: z.string().min(1).max(255).optional(),
  returnUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type VerificationInput = z.infer<typeof verificationInputSchema>;

const outcomeBodySchema = z.strictObject({ reason: z.string().min(1).max(500).optional() });

type Result = { ok: true; session: VerificationSession } | { ok: false; error: ApiError };

export interface VerificationDeps {
  clock: VirtualClock;
  baseUrl: string;
  ttlMs: number;
  capabilities(): CapabilityResponse;
  /** Records and queues an event for webhook delivery. */
  emit(event: Event): void;
}

const invalid = (code: string, message: string): ApiError => ({ status: 400, type: 'invalid_request_error', code, message });
const missing = (id: string): ApiError => ({ status: 404, type: 'invalid_request_error', code: 'resource_missing', message: `no verification session ${id}` });

function createVerificationEvent(type: VerificationEventType, session: VerificationSession, nowMs: number): Event {
  return Object.freeze({
    id: `evt_${randomAlnum(24)}`,
    type,
    created: Math.floor(nowMs / 1000),
    data: Object.freeze({ object: Object.freeze(structuredClone(session)) as unknown as Readonly<Record<string, unknown>> }),
  });
}

function json(status: number, body: unknown): RawResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function errorResponse(error: ApiError): RawResponse {
  return json(error.status, { error: { type: error.type, code: error.code, message: error.message } });
}

/** The verification sessions of one sandbox: the store, the rules, the routes. */
export class Verifications {
  readonly #byId = new Map<string, VerificationSession>();
  readonly #idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  readonly #deps: VerificationDeps;

  constructor(deps: VerificationDeps) {
    this.#deps = deps;
  }

  get(id: string): VerificationSession | undefined {
    const session = this.#byId.get(id);
    return session && structuredClone(session);
  }

  list(status?: VerificationStatus): VerificationSession[] {
    return [...this.#byId.values()].filter((s) => !status || s.status === status).map((s) => structuredClone(s));
  }

  create(input: unknown): Result {
    const body = verificationInputSchema.safeParse(input);
    if (!body.success) return { ok: false, error: invalid('parameter_invalid', firstIssue(body.error.issues, 'body')) };
    const programme = PROGRAMME_OF[body.data.type];
    const flag = this.#deps.capabilities().verification[programme];
    if (!flag.enabled)
      return { ok: false, error: invalid('capability_disabled', `verification ${programme} is disabled${flag.reason ? `: ${flag.reason}` : ''}`) };
    const now = this.#deps.clock.now();
    const id = `vs_${randomAlnum(24)}`;
    const session: VerificationSession = {
      id,
      object: 'verification_session',
      type: body.data.type,
      programme,
      status: 'pending',
      reference: body.data.reference ?? null,
      url: `${this.#deps.baseUrl}/hosted/verify/${id}`,
      returnUrl: body.data.returnUrl ?? null,
      reason: null,
      metadata: body.data.metadata ? structuredClone(body.data.metadata) : {},
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.#deps.ttlMs).toISOString(),
      decidedAt: null,
    };
    this.#byId.set(id, session);
    this.#deps.emit(createVerificationEvent('verification_session.created', session, now));
    // An applicant who never finishes: the session expires, and says so.
    this.#deps.clock.schedule(now + this.#deps.ttlMs, () => {
      if (this.#byId.get(id)?.status === 'pending') this.transition(id, 'expired');
    });
    return { ok: true, session: structuredClone(session) };
  }

  /** Moves a session to an outcome the state machine allows, and emits its event. */
  transition(id: string, to: VerificationOutcome, reason?: string): Result {
    const session = this.#byId.get(id);
    if (!session) return { ok: false, error: missing(id) };
    if (!FROM[to].includes(session.status)) {
      return {
        ok: false,
        error: {
          status: 409,
          type: 'invalid_request_error',
          code: 'verification_not_open',
          message: `verification session ${id} is ${session.status}; it cannot become ${to}`,
        },
      };
    }
    const now = this.#deps.clock.now();
    session.status = to;
    session.reason =
      to === 'rejected' || to === 'needs_review' ? (reason ?? (to === 'rejected' ? 'document_unverifiable' : 'manual_review_required')) : session.reason;
    if (to !== 'needs_review') session.decidedAt = new Date(now).toISOString();
    this.#deps.emit(createVerificationEvent(`verification_session.${to}`, session, now));
    return { ok: true, session: structuredClone(session) };
  }

  /** Answers one authorised request to a `/v1/verification_sessions` route. */
  answer(route: RouteSpec, params: Record<string, string>, query: URLSearchParams, request: RawRequest): RawResponse {
    const action = route.template.split('/').pop()!;
    if (route.method === 'GET') {
      if (params.id !== undefined) {
        const session = this.get(params.id);
        return session ? json(200, session) : errorResponse(missing(params.id));
      }
      const status = query.get('status');
      if (status !== null && !VERIFICATION_STATUSES.includes(status as VerificationStatus)) {
        return errorResponse(invalid('status_invalid', `status must be one of ${VERIFICATION_STATUSES.join(', ')}`));
      }
      return json(200, { data: this.list((status as VerificationStatus | null) ?? undefined) });
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body || (params.id === undefined ? 'null' : '{}'));
    } catch {
      return errorResponse(invalid('body_invalid', 'the request body is not valid JSON'));
    }
    if (params.id === undefined) return this.#createIdempotently(body, request.headers['idempotency-key']);
    const outcome = ({ verify: 'verified', reject: 'rejected', review: 'needs_review', expire: 'expired' } as const)[action as 'verify'];
    const parsed = outcomeBodySchema.safeParse(body ?? {});
    if (!parsed.success) return errorResponse(invalid('parameter_invalid', firstIssue(parsed.error.issues, 'body')));
    const result = this.transition(params.id, outcome, parsed.data.reason);
    return result.ok ? json(200, result.session) : errorResponse(result.error);
  }

  /** Idempotency-Key as on `POST /v1/sessions`: a replay returns the first answer; another payload under the key is refused. */
  #createIdempotently(input: unknown, key: string | undefined): RawResponse {
    const fingerprint = key === undefined ? '' : createHash('sha256').update(canonicalJson(input)).digest('hex');
    const first = key === undefined ? undefined : this.#idempotency.get(key);
    if (first && first.fingerprint !== fingerprint) {
      return errorResponse({
        status: 422,
        type: 'idempotency_error',
        code: 'idempotency_key_reused',
        message: 'this Idempotency-Key was used with another payload',
      });
    }
    if (first) return { status: first.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' }, body: first.body };
    const result = this.create(input);
    if (!result.ok) return errorResponse(result.error);
    const response = json(201, result.session);
    if (key !== undefined) this.#idempotency.set(key, { fingerprint, status: response.status, body: response.body });
    return response;
  }
}
