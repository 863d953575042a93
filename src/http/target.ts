import type { IncomingMessage, ServerResponse } from 'node:http';
import { LaunchError } from '../errors.js';
import { serveOnLoopback } from './loopback.js';

/** A Node request listener: `http.createServer(listener)`, Express apps, Koa's `app.callback()`. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => unknown;
/**
 * A fetch handler: Next.js route handlers, Bun/Deno style `(Request) => Response`. Next's
 * handlers may take a second `{ params }` argument; pass those through `asFetchHandler`.
 */
export type FetchHandler = (request: Request, ...rest: never[]) => Response | Promise<Response>;
/** Anything with `inject` in Fastify's shape (works without a port). */
export interface InjectTarget {
  inject(options: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    payload?: string | Buffer;
  }): PromiseLike<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
}
/** Anything with `fetch`: Hono apps, `export default { fetch }` workers. */
export interface FetchTarget {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>;
}
/** A Next.js-style route module: `{ GET, POST, … }` each a fetch handler. */
export type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD', FetchHandler>>;

const LISTENER = Symbol.for('0bit-launch.requestListener');
const FETCH = Symbol.for('0bit-launch.fetchHandler');

/**
 * Where the integration answers HTTP. A base URL, a Node request listener, a
 * Fastify-style `inject` instance, a fetch handler, an object with `fetch`, or a
 * route module. Functions of one parameter are taken for fetch handlers and others for
 * request listeners; wrap with `asFetchHandler`/`asRequestListener` to say so explicitly.
 */
export type HttpTarget = string | URL | RequestListener | FetchHandler | InjectTarget | FetchTarget | RouteModule;

export interface Endpoint {
  readonly target: HttpTarget;
  readonly path: string;
}

/** Names one route of a target: `endpoint(app, '/webhooks/0bit')`. */
export function endpoint(target: HttpTarget, path: string): Endpoint {
  describeTarget(target);
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new LaunchError('TARGET_INVALID', `endpoint(): path must start with "/", got ${JSON.stringify(path)}`);
  }
  return Object.freeze({ target, path });
}

export function isEndpoint(value: unknown): value is Endpoint {
  return (
    typeof value === 'object' && value !== null && typeof (value as Endpoint).path === 'string' && 'target' in value && isHttpTarget((value as Endpoint).target)
  );
}

export function asRequestListener<T extends (...args: never[]) => unknown>(fn: T): T {
  return Object.assign(fn, { [LISTENER]: true });
}

export function asFetchHandler<T extends (...args: never[]) => unknown>(fn: T): T {
  return Object.assign(fn, { [FETCH]: true });
}

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent byte for byte; webhook signature checks depend on it. */
  body?: string | Uint8Array;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type TargetKind = 'url' | 'inject' | 'fetch-object' | 'route-module' | 'fetch-handler' | 'request-listener';

const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

export function isHttpTarget(value: unknown): value is HttpTarget {
  try {
    describeTarget(value);
    return true;
  } catch {
    return false;
  }
}

export function describeTarget(target: unknown): TargetKind {
  if (typeof target === 'string') {
    try {
      const url = new URL(target);
      if (url.protocol === 'http:' || url.protocol === 'https:') return 'url';
    } catch {
      /* falls through to the error below */
    }
    throw new LaunchError('TARGET_INVALID', `HTTP target ${JSON.stringify(target)} is not an http(s) URL`);
  }
  if (target instanceof URL) return 'url';
  if (typeof target === 'function') {
    if ((target as never)[FETCH]) return 'fetch-handler';
    if ((target as never)[LISTENER]) return 'request-listener';
    return target.length === 1 ? 'fetch-handler' : 'request-listener';
  }
  if (typeof target === 'object' && target !== null) {
    if (typeof (target as InjectTarget).inject === 'function') return 'inject';
    if (typeof (target as FetchTarget).fetch === 'function') return 'fetch-object';
    if (ROUTE_METHODS.some((m) => typeof (target as Record<string, unknown>)[m] === 'function')) return 'route-module';
  }
  throw new LaunchError(
    'TARGET_INVALID',
    'HTTP target must be a base URL, a request listener, a fetch handler, an object with inject() or fetch(), or a route module',
  );
}

const ORIGIN_FOR_IN_PROCESS = 'http://launch.test';

function toBodyInit(body: HttpRequest['body']): BodyInit | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : Buffer.from(body);
}

function headersToRecord(headers: Headers | Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((v, k) => {
      out[k] = v;
    });
    return out;
  }
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

async function fromResponse(res: Response): Promise<HttpResponse> {
  return { status: res.status, headers: headersToRecord(res.headers), body: await res.text() };
}

function buildRequest(base: string, req: HttpRequest, signal?: AbortSignal): Request {
  const method = req.method.toUpperCase();
  return new Request(new URL(req.path, base), {
    method,
    headers: req.headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : toBodyInit(req.body),
    signal,
    redirect: 'manual',
  });
}

export interface SendOptions {
  timeoutMs?: number;
}

/**
 * Runs `work` with the target ready for requests. A Node request listener (Express, Koa,
 * `node:http` handlers) is served on a loopback port of 127.0.0.1 for the duration, so
 * Node's own limits apply and nothing stays attached to the app; `work` receives the
 * served port as an `inject` target. Every other kind is handed over as it is: fetch
 * handlers and Fastify's `inject` stay in-process, URLs are already served.
 */
export async function withTarget<T>(target: HttpTarget, work: (ready: HttpTarget) => Promise<T>): Promise<T> {
  if (describeTarget(target) !== 'request-listener') return work(target);
  const server = await serveOnLoopback(target as RequestListener);
  try {
    return await work(server);
  } finally {
    await server.close();
  }
}

/**
 * Sends one request to any kind of target and returns status, headers and text body. A
 * request listener is served on a loopback port for this one request unless the caller
 * holds one open with `withTarget`.
 */
export async function send(target: HttpTarget, req: HttpRequest, options: SendOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return withTarget(target, async (ready) => {
    const work = dispatch(describeTarget(ready), ready, req, timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LaunchError('TARGET_TIMEOUT', `${req.method} ${req.path} did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  });
}

async function dispatch(kind: TargetKind, target: HttpTarget, req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  switch (kind) {
    case 'url': {
      const res = await fetch(buildRequest(String(target), req, AbortSignal.timeout(timeoutMs)));
      return fromResponse(res);
    }
    case 'fetch-handler':
      return fromResponse(await (target as FetchHandler)(buildRequest(ORIGIN_FOR_IN_PROCESS, req)));
    case 'fetch-object':
      return fromResponse(await (target as FetchTarget).fetch(buildRequest(ORIGIN_FOR_IN_PROCESS, req)));
    case 'route-module': {
      const handler = (target as RouteModule)[req.method.toUpperCase() as keyof RouteModule];
      if (!handler) return { status: 405, headers: {}, body: '' };
      return fromResponse(await handler(buildRequest(ORIGIN_FOR_IN_PROCESS, req)));
    }
    case 'inject': {
      const res = await (target as InjectTarget).inject({
        method: req.method.toUpperCase(),
        url: req.path,
        headers: req.headers,
        payload: req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : Buffer.from(req.body),
      });
      return { status: res.statusCode, headers: headersToRecord(res.headers), body: res.body };
    }
    case 'request-listener':
      // withTarget serves every request listener on a loopback port before dispatching.
      throw new Error('a request listener must be served with withTarget() before dispatch');
  }
}
