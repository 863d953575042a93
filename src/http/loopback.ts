import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** What `InjectTarget.inject` takes and returns, so a loopback server is driven like Fastify's inject. */
interface InjectRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}
interface InjectResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A request listener served on 127.0.0.1 for one matcher call. */
export interface LoopbackServer {
  readonly url: string;
  inject(request: InjectRequest): Promise<InjectResponse>;
  /** Closes every connection (client and server side) and the listening socket. */
  close(): Promise<void>;
}

/**
 * Serves `listener` on a fresh port of 127.0.0.1 through Node's own HTTP server, so its
 * limits apply (16 KiB of headers → 431) and nothing is attached to the app. Requests go
 * with fetch; closing the server closes every connection, so no socket outlives the call.
 *
 * A listener that throws (or whose promise rejects) would take a real server down; here
 * its connection is dropped and the request fails with "the request listener threw: …".
 */
export async function serveOnLoopback(listener: Listener): Promise<LoopbackServer> {
  // Concurrent requests share the server, so a crash is matched to a failed request by time: the newest one.
  const crashes: string[] = [];
  const crashed = (req: IncomingMessage, error: unknown) => {
    crashes.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    req.socket.destroy();
  };
  const server = createServer((req, res) => {
    try {
      const result = listener(req, res) as PromiseLike<unknown> | undefined;
      // biome-ignore lint/nursery/noMisusedPromises: a listener may return a promise or nothing; this is the check for which.
      if (result && typeof result.then === 'function') result.then(undefined, (error: unknown) => crashed(req, error));
    } catch (error) {
      crashed(req, error);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    // Through fetch, as a URL target is: the sandbox's nock patches http.request and
    // ClientRequest, and its pass-through never answers a request Node's server cuts
    // short (431 on a 24 KiB header); fetch's pass-through does.
    async inject({ method, url, headers = {}, payload }) {
      const seen = crashes.length;
      let res: Response;
      try {
        res = await fetch(new URL(url, base), { method, headers, body: payload === undefined ? undefined : Buffer.from(payload), redirect: 'manual' });
      } catch (error) {
        const crash = crashes.length > seen ? crashes[crashes.length - 1] : undefined;
        throw crash ? new Error(`the request listener threw: ${crash}`) : error;
      }
      const out: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        out[name] = value;
      });
      return { statusCode: res.status, headers: out, body: await res.text() };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
