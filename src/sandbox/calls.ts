import { redactHeaders, redactString } from '../evidence/redact.js';

/** One request the integration made to the simulated API, redacted when it was recorded. */
export interface SandboxCall {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** The raw query string without `?`, redacted; absent when there was none. */
  readonly query?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A redacted excerpt of the request body; absent when there was none. */
  readonly body?: string;
  /** The status answered, or null when the call timed out (fault injection). */
  readonly status: number | null;
  /** Virtual-clock time (ms) of the call. */
  readonly at: number;
  /** The simulated API route it matched (`GET /v1/sessions/{id}`), absent for unknown routes. */
  readonly route?: string;
  /** False when the route is not part of the simulated API (it was answered 404). */
  readonly documented: boolean;
  /** The fault injected instead of a normal answer, if any. */
  readonly fault?: '5xx' | '429' | 'timeout';
}

const BODY_LIMIT = 1_000;
const INTERN_LIMIT = 4_096;
const INTERN_MAX_LENGTH = 200;

/**
 * An append-only log kept lean for long runs: every string is redacted once on the way
 * in (shaped credentials, PII and every registered secret — the sandbox registers its own
 * keys), bodies are cut to an excerpt, and repeated header values share one string.
 */
export class CallLog {
  readonly entries: SandboxCall[] = [];
  readonly #interned = new Map<string, string>();

  record(input: {
    method: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    body: string;
    status: number | null;
    at: number;
    route?: string;
    fault?: SandboxCall['fault'];
  }): void {
    const call: { -readonly [K in keyof SandboxCall]: SandboxCall[K] } = {
      method: this.#intern(input.method),
      path: redactString(input.path),
      headers: this.#headers(input.headers),
      status: input.status,
      at: input.at,
      documented: input.route !== undefined,
    };
    if (input.query) call.query = redactString(input.query);
    if (input.body) call.body = this.#excerpt(input.body);
    if (input.route) call.route = this.#intern(input.route);
    if (input.fault) call.fault = input.fault;
    this.entries.push(call);
  }

  #headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(redactHeaders(headers) ?? {})) out[this.#intern(name)] = this.#intern(value);
    return out;
  }

  #excerpt(body: string): string {
    const redacted = redactString(body);
    return redacted.length > BODY_LIMIT ? `${redacted.slice(0, BODY_LIMIT)}…[${redacted.length - BODY_LIMIT} more chars]` : redacted;
  }

  #intern(value: string): string {
    if (value.length > INTERN_MAX_LENGTH) return value;
    const known = this.#interned.get(value);
    if (known !== undefined) return known;
    if (this.#interned.size < INTERN_LIMIT) this.#interned.set(value, value);
    return value;
  }
}
