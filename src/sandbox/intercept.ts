import { syncBuiltinESMExports } from 'node:module';
import nock from 'nock';
import { LaunchError } from '../errors.js';

/**
 * nock patches the CommonJS `http`/`https` objects when it loads (and on `activate()`);
 * syncing carries the patch over to ESM named imports (`import { request } from
 * 'node:https'`) made before it loaded. Someone may have called `nock.restore()`.
 */
function ensureNockActive(): void {
  if (!nock.isActive()) nock.activate();
  syncBuiltinESMExports();
}
ensureNockActive();

export interface RawRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Every method a client can send; each gets one catch-all interceptor so nothing falls through. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Origins a started sandbox answers for; two sandboxes cannot share one. */
const claimed = new Set<string>();

/**
 * Answers every request to `origin` (over `fetch`, `node:http` and `node:https`) with
 * `handle`, through one persisted nock scope. A rejection from `handle` becomes a
 * connection error on the client. Returns the function that removes exactly these
 * interceptors; other scopes and loopback traffic are never touched.
 */
export function interceptOrigin(origin: string, handle: (request: RawRequest) => Promise<RawResponse>): () => void {
  if (claimed.has(origin)) {
    throw new LaunchError('SANDBOX_ORIGIN_TAKEN', `another started sandbox already serves ${origin}; give this one its own baseUrl`);
  }
  ensureNockActive();
  claimed.add(origin);
  const scope = nock(origin).persist();
  const captured = new WeakMap<object, RawRequest>();

  // nock parses JSON bodies before a reply function sees them and throws on bad JSON;
  // the raw bytes are taken here instead, and the content type hidden from that parser.
  scope.on('request', (req: { method: string; path: string; headers: Record<string, unknown> }, _interceptor: unknown, body: string) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    captured.set(req, { method: req.method.toUpperCase(), url: req.path, headers, body: body ?? '' });
    req.headers = { ...req.headers, 'content-type': 'application/octet-stream' };
  });

  const interceptors = METHODS.map((method) => {
    const interceptor = scope.intercept(() => true, method);
    interceptor.reply(async function (this: { req: object }, uri: string) {
      const request = captured.get(this.req);
      // nock broke its own contract: a fault in 0bit-launch's setup, not the user's, so no LaunchError code.
      if (!request) throw new Error(`nock did not report the request ${method} ${uri} to the sandbox`);
      const response = await handle(request);
      return [response.status, response.body, response.headers];
    });
    return interceptor;
  });

  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
    claimed.delete(origin);
  };
}
