import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { Check, Probe } from '../evidence/types.js';
import { exchange, outcomeText, toProbe, type Exchange } from '../http/exchange.js';
import type { HttpTarget } from '../http/target.js';
import { redactString } from '../evidence/redact.js';

/** Which payload a call sends: the original, or a different one under the same key. */
export type Payload = 'original' | 'different';

/** A function operation: performs the write with this key (and, when asked, another payload). */
export type OperationFn = (idempotencyKey: string, request: { payload: Payload }) => Promise<unknown>;

/** A request the matcher sends itself, setting `Idempotency-Key`. */
export interface RequestOperation {
  target: HttpTarget;
  method?: string;
  path: string;
  /** JSON-serialisable value or raw text. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The "another payload" body; by default the first number in `body` is changed. */
  otherBody?: unknown;
}

/** What one call came to, in a form two calls can be compared by. */
export interface Attempt {
  /** 2xx, or a resolved promise that is not an HTTP-like error. */
  succeeded: boolean;
  /** 409 or 422 (or a rejected promise for a function operation). */
  refused: boolean;
  /** Short text for messages: `HTTP 201`, `resolved`, `rejected: …`. */
  outcome: string;
  /** The comparable result: status and parsed body, or the resolved value. */
  result: unknown;
  probe?: Probe;
  check: Check;
}

export interface Operation {
  kind: 'request' | 'function';
  describe: string;
  call(key: string, payload: Payload, label: string): Promise<Attempt>;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Another payload of the same shape: the first number changed, else the first string, else a field added. */
export function alterPayload(body: unknown): unknown {
  if (typeof body === 'string') {
    const parsed = parseMaybeJson(body);
    return typeof parsed === 'string' ? `${body} (altered)` : JSON.stringify(alterPayload(parsed));
  }
  let done = false;
  const walk = (value: unknown): unknown => {
    if (done) return value;
    if (typeof value === 'number') {
      done = true;
      return value + 1;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const changed = walk(body);
  if (done) return changed;
  if (body && typeof body === 'object' && !Array.isArray(body)) return { ...body, idempotencyProbe: 'altered' };
  return { original: body ?? null, idempotencyProbe: 'altered' };
}

function requestOperation(op: RequestOperation): Operation {
  const method = (op.method ?? 'POST').toUpperCase();
  const encode = (body: unknown) => (body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  const original = encode(op.body);
  const different = encode(op.otherBody ?? alterPayload(op.body ?? {}));
  return {
    kind: 'request',
    describe: `${method} ${op.path}`,
    async call(key, payload, label) {
      const ex: Exchange = await exchange(op.target, {
        method,
        path: op.path,
        headers: { 'content-type': 'application/json', ...op.headers, 'idempotency-key': key },
        body: payload === 'original' ? original : different,
      });
      const status = ex.response?.status;
      const succeeded = status !== undefined && status >= 200 && status < 300;
      const refused = status === 409 || status === 422;
      return {
        succeeded,
        refused,
        outcome: outcomeText(ex),
        result: ex.response ? { status, body: parseMaybeJson(ex.response.body) } : { error: ex.error },
        probe: toProbe(ex, label, payload === 'original' ? '2xx, one effect per key' : '409 or 422, no effect', true),
        check: { name: label, ok: true, detail: outcomeText(ex) },
      };
    },
  };
}

/** A resolved value that is an HTTP response (fetch `Response`, or `{ status }`) is judged by its status. */
async function fromValue(value: unknown): Promise<{ status?: number; result: unknown }> {
  if (value instanceof Response) {
    const text = await value.clone().text();
    return { status: value.status, result: { status: value.status, body: parseMaybeJson(text) } };
  }
  const status = (value as { status?: unknown } | null)?.status;
  return { status: typeof status === 'number' ? status : undefined, result: value };
}

function functionOperation(fn: OperationFn): Operation {
  return {
    kind: 'function',
    describe: fn.name ? `operation ${fn.name}()` : 'operation',
    async call(key, payload, label) {
      const started = performance.now();
      let attempt: Omit<Attempt, 'check'>;
      try {
        const { status, result } = await fromValue(await fn(key, { payload }));
        const succeeded = status === undefined || (status >= 200 && status < 300);
        attempt = {
          succeeded,
          refused: status === 409 || status === 422,
          outcome: status === undefined ? 'resolved' : `resolved with status ${status}`,
          result,
        };
      } catch (error) {
        const message = redactString(error instanceof Error ? error.message : String(error)).slice(0, 200);
        attempt = { succeeded: false, refused: true, outcome: `rejected: ${message}`, result: { rejected: message } };
      }
      const ms = Math.round((performance.now() - started) * 1000) / 1000;
      return { ...attempt, check: { name: label, ok: true, detail: `${attempt.outcome} in ${ms} ms` } };
    },
  };
}

export function toOperation(value: OperationFn | RequestOperation): Operation {
  return typeof value === 'function' ? functionOperation(value) : requestOperation(value);
}

export function sameResult(a: Attempt, b: Attempt): boolean {
  return isDeepStrictEqual(a.result, b.result);
}
