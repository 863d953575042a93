import { performance } from 'node:perf_hooks';
import { bodyExcerpt, redactHeaders } from '../evidence/redact.js';
import type { Probe } from '../evidence/types.js';
import { send, type HttpRequest, type HttpResponse, type HttpTarget, type SendOptions } from './target.js';

/** One request and what came of it: a response, or the error that stood in for one. */
export interface Exchange {
  request: HttpRequest;
  response?: HttpResponse;
  error?: string;
  durationMs: number;
}

/** Sends and times one request; a target that throws becomes an `error`, not a rejection. */
export async function exchange(target: HttpTarget, request: HttpRequest, options: SendOptions = {}): Promise<Exchange> {
  const started = performance.now();
  try {
    const response = await send(target, request, options);
    return { request, response, durationMs: performance.now() - started };
  } catch (error) {
    return { request, error: error instanceof Error ? error.message : String(error), durationMs: performance.now() - started };
  }
}

/** `HTTP 200`, or the error that came instead of a response. */
export function outcomeText(ex: Exchange): string {
  return ex.response ? `HTTP ${ex.response.status}` : `no response (${ex.error ?? 'unknown error'})`;
}

export function is2xx(ex: Exchange): boolean {
  return ex.response !== undefined && ex.response.status >= 200 && ex.response.status < 300;
}

export function is4xx(ex: Exchange): boolean {
  return ex.response !== undefined && ex.response.status >= 400 && ex.response.status < 500;
}

const HEADER_LIMIT = 200;

/** Header values are redacted, and cut when huge (an oversized-header probe stays readable). */
function evidenceHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  const redacted = redactHeaders(headers);
  if (!redacted) return undefined;
  return Object.fromEntries(Object.entries(redacted).map(([k, v]) => [k, v.length > HEADER_LIMIT ? `${v.slice(0, HEADER_LIMIT)}…[${v.length} chars]` : v]));
}

/** The exchange as evidence: method, path, status, timing, redacted headers, body excerpts. */
export function toProbe(ex: Exchange, name: string, expected: string, ok: boolean): Probe {
  return {
    name,
    expected,
    ok,
    request: {
      method: ex.request.method,
      path: ex.request.path,
      headers: evidenceHeaders(ex.request.headers),
      body: bodyExcerpt(ex.request.body),
    },
    response: ex.response ? { status: ex.response.status, headers: evidenceHeaders(ex.response.headers), body: bodyExcerpt(ex.response.body) } : undefined,
    error: ex.error,
    durationMs: Math.round(ex.durationMs * 1000) / 1000,
  };
}
