import { exchange, type Exchange } from './exchange.js';
import type { HttpTarget } from './target.js';

export interface CorsAnswer {
  /** What `Access-Control-Allow-Origin` said: the exact origin, `*`, `null`, another value, or nothing. */
  allowOrigin: string | undefined;
  allowCredentials: boolean;
}

export interface CorsExchange {
  origin: string;
  preflight: Exchange;
  actual: Exchange;
}

function answer(ex: Exchange): CorsAnswer {
  const headers = ex.response?.headers ?? {};
  return {
    allowOrigin: headers['access-control-allow-origin'],
    allowCredentials: headers['access-control-allow-credentials']?.trim().toLowerCase() === 'true',
  };
}

/**
 * A browser's two requests for a cross-origin call: the preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) and the actual request, both carrying `Origin`. The
 * actual request has no body, so a write endpoint answers it with a validation error
 * rather than an effect; its CORS headers are what counts.
 */
export async function corsExchange(target: HttpTarget, path: string, method: string, origin: string): Promise<CorsExchange> {
  const preflight = await exchange(target, {
    method: 'OPTIONS',
    path,
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type, idempotency-key' },
  });
  const actual = await exchange(target, { method, path, headers: { origin } });
  return { origin, preflight, actual };
}

/** How one response treated `origin`: admitted exactly, admitted unsafely, or not admitted. */
export function corsVerdict(ex: Exchange, origin: string): { admitted: boolean; exact: boolean; problem?: string } {
  const { allowOrigin, allowCredentials } = answer(ex);
  if (allowOrigin === undefined) return { admitted: false, exact: false };
  const value = allowOrigin.trim();
  if (value === '*') {
    return { admitted: true, exact: false, problem: allowCredentials ? 'answers * with credentials allowed' : 'answers * (every origin)' };
  }
  if (value === 'null') return { admitted: true, exact: false, problem: 'answers null (admits sandboxed and file: pages)' };
  if (value.includes(',')) return { admitted: false, exact: false, problem: `answers several origins (${value}), which browsers reject` };
  if (value === origin) return { admitted: true, exact: true };
  return { admitted: false, exact: false, problem: `answers another origin (${value})` };
}
