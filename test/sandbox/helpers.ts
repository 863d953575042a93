import type { Sandbox, Session } from '../../src/sandbox/index.js';

/** One fetch to the sandbox with a bearer token; returns status, headers and parsed JSON. */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read the simulated API's JSON field by field; each assertion checks the shape it reads.
): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

export async function createSessionOverHttp(sandbox: Sandbox, body: Record<string, unknown> = { amount: 1500, currency: 'EUR' }): Promise<Session> {
  const res = await call(sandbox, 'POST', '/v1/sessions', { token: sandbox.credentials.secretKey, body });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json as Session;
}

/** A webhook endpoint (fetch handler) that records what it received and answers from a script. */
export function webhookReceiver(statuses: number[] = []) {
  const received: Array<{ headers: Record<string, string>; body: string }> = [];
  let i = 0;
  const handler = async (request: Request): Promise<Response> => {
    received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
    const status = statuses[i++] ?? 200;
    return new Response(null, { status });
  };
  return { handler, received };
}
