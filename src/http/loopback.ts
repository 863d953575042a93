import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
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

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * Serves `listener` on a fresh port of 127.0.0.1 through Node's own HTTP server, so its
 * limits apply (16 KiB of headers → 431) and nothing is attached to the app. Requests go
 * through a private keep-alive agent that dies with the server: no socket outlives the call.
 *
 * A listener that throws (or whose promise rejects) would take a real server down; here
 * its connection is dropped and the request fails with "the request listener threw: …".
 */
export async function serveOnLoopback(listener: Listener): Promise<LoopbackServer> {
  const crashes = new Map<number, string>();
  const crashed = (req: IncomingMessage, error: unknown) => {
    const port = req.socket.remotePort;
    if (port !== undefined) crashes.set(port, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    req.socket.destroy();
  };
  const server = createServer((req, res) => {
    try {
      const result = listener(req, res) as PromiseLike<unknown> | undefined;
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
  const agent = new Agent({ keepAlive: true });

  return {
    url: `http://127.0.0.1:${port}`,
    inject({ method, url, headers = {}, payload }) {
      const body = payload === undefined ? undefined : Buffer.from(payload);
      const withLength = body === undefined ? headers : { ...headers, 'content-length': String(body.byteLength) };
      return new Promise<InjectResponse>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path: url, headers: withLength, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks).toString('utf8') }));
        });
        // The server side knows this request by the client's port; read it while the socket is open.
        let localPort: number | undefined;
        req.on('socket', (socket) => {
          if (socket.localPort !== undefined) localPort = socket.localPort;
          else socket.once('connect', () => (localPort = socket.localPort));
        });
        req.on('error', (error) => {
          const crash = localPort === undefined ? undefined : crashes.get(localPort);
          reject(crash ? new Error(`the request listener threw: ${crash}`) : error);
        });
        req.end(body);
      });
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
