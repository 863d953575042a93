import type { MiddlewareHandler } from 'hono';

/**
 * CORS for the browser API. An origin is admitted only when it equals an allowlist entry
 * exactly; it is then echoed (never `*`, which cannot carry credentials and admits
 * everyone). Answers always vary by Origin so caches never serve one origin's answer to
 * another. State-changing requests from any other browser origin are refused outright:
 * CORS only hides the response, it does not stop the effect.
 */
export function corsAllowlist(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const admitted = origin !== undefined && allowed.has(origin);
    const method = c.req.method;
    if (method === 'OPTIONS') {
      c.header('Vary', 'Origin');
      if (admitted) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Credentials', 'true');
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
        c.header('Access-Control-Max-Age', '600');
      }
      return c.body(null, 204);
    }
    if (origin !== undefined && !admitted && method !== 'GET' && method !== 'HEAD') {
      c.header('Vary', 'Origin');
      return c.json({ error: { type: 'origin_not_allowed', message: 'this origin may not call the API' } }, 403);
    }
    await next();
    c.header('Vary', 'Origin', { append: true });
    if (admitted) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Credentials', 'true');
      c.header('Access-Control-Expose-Headers', 'Idempotency-Replayed');
    }
  };
}
