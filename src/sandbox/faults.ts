import { z } from 'zod';
import { LaunchError } from '../errors.js';
import { patternCovers, patternFitsRoute, ROUTES, routeName } from './routes.js';

/**
 * What the next calls to a route suffer. `timeout` drops the connection with an
 * `ETIMEDOUT` error at once (the wait is simulated, not slept); with `afterProcessing`
 * the sandbox first does the work, so the effect happens but the answer is lost — the
 * case idempotent retries exist for.
 */
export type Fault = { status: 500 | 502 | 503 | 504 } | { status: 429; retryAfter: number } | { timeout: true; afterProcessing?: boolean };

const faultSchema = z.union([
  z.strictObject({ status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]) }),
  z.strictObject({ status: z.literal(429), retryAfter: z.number().int().nonnegative() }),
  z.strictObject({ timeout: z.literal(true), afterProcessing: z.boolean().optional() }),
]);

interface Pending {
  method: string;
  pattern: string;
  remaining: number;
  fault: Fault;
}

/** The error a timed-out call fails with, as Node's sockets report one. */
export class SimulatedTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(method: string, path: string) {
    super(`0Bit sandbox: ${method} ${path} timed out (simulated)`);
    this.name = 'SimulatedTimeoutError';
  }
}

export class FaultQueue {
  readonly #pending: Pending[] = [];

  /** `route` is `'METHOD /path'`; params as `:id`/`{id}` match any value, a concrete id only that one. */
  add(route: string, n: number, fault: Fault): void {
    const m = /^(GET|POST) (\/\S*)$/.exec(route);
    if (!m) throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `failNext(): route must look like 'POST /v1/sessions', got ${JSON.stringify(route)}`);
    const [, method, pattern] = m as unknown as [string, string, string];
    if (!ROUTES.some((r) => r.method === method && patternFitsRoute(pattern, r))) {
      const known = ROUTES.map(routeName).join(', ');
      throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `failNext(): ${route} is not a route of the simulated API (routes: ${known})`);
    }
    if (!Number.isInteger(n) || n < 1) throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `failNext(): n must be an integer ≥ 1, got ${n}`);
    const parsed = faultSchema.safeParse(fault);
    if (!parsed.success) {
      throw new LaunchError(
        'SANDBOX_ARGUMENT_INVALID',
        'failNext(): fault must be { status: 500|502|503|504 }, { status: 429, retryAfter: seconds } or { timeout: true, afterProcessing? }',
      );
    }
    this.#pending.push({ method, pattern, remaining: n, fault: parsed.data });
  }

  /** Consumes and returns the fault for this call, if one is queued. */
  take(method: string, path: string): Fault | undefined {
    const i = this.#pending.findIndex((p) => p.method === method && patternCovers(p.pattern, path));
    if (i === -1) return undefined;
    const entry = this.#pending[i]!;
    if (--entry.remaining === 0) this.#pending.splice(i, 1);
    return entry.fault;
  }

  get size(): number {
    return this.#pending.reduce((sum, p) => sum + p.remaining, 0);
  }
}
