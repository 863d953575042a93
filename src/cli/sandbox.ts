import { EXIT, type CliIO } from './io.js';

export interface SandboxArgs {
  port: number;
  host: string;
  forward?: string;
  maxAttempts?: number;
  backoffMs?: number;
}

const int = (text: string | undefined, min: number, max: number): number | undefined | null => {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : null;
};

/** Checks the parsed flags; returns the arguments, or the one-line reason they are wrong. */
export function sandboxArgs(values: Record<string, unknown>): SandboxArgs | string {
  const port = int(values.port as string | undefined, 0, 65535);
  if (port === null) return `--port must be a port number (0 to 65535), got ${JSON.stringify(values.port)}`;
  const maxAttempts = int(values['max-attempts'] as string | undefined, 1, 100);
  if (maxAttempts === null) return `--max-attempts must be a whole number from 1 to 100, got ${JSON.stringify(values['max-attempts'])}`;
  const backoffMs = int(values['backoff-ms'] as string | undefined, 0, 3_600_000);
  if (backoffMs === null) return `--backoff-ms must be a whole number of ms up to 3600000, got ${JSON.stringify(values['backoff-ms'])}`;
  const forward = values.forward as string | undefined;
  if (forward !== undefined && !/^https?:\/\/[^/]+/.test(forward))
    return `--forward must be an http(s) URL like http://localhost:3000/webhooks/0bit, got ${JSON.stringify(forward)}`;
  return { port: port ?? 4100, host: (values.host as string | undefined) ?? '127.0.0.1', forward, maxAttempts, backoffMs };
}

/** Credentials the app already has (a shared .env) are used as they are; the others are generated. */
const CREDENTIAL_ENV = { secretKey: 'ZEROBIT_SECRET_KEY', publishableKey: 'ZEROBIT_PUBLISHABLE_KEY', webhookSecret: 'ZEROBIT_WEBHOOK_SECRET' } as const;

/**
 * `0bit-launch sandbox`: runs until SIGINT/SIGTERM. It prints the settings the app needs —
 * generated credentials in full (they exist nowhere else), credentials taken from the
 * environment only masked — then one line per delivery attempt.
 */
export async function runSandbox(args: SandboxArgs, io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { startSandboxServer } = await import('../sandbox/server.js');
  const given = Object.fromEntries(Object.entries(CREDENTIAL_ENV).flatMap(([field, name]) => (env[name] ? [[field, env[name]]] : [])));
  let server: Awaited<ReturnType<typeof startSandboxServer>>;
  try {
    server = await startSandboxServer({ ...args, credentials: given, log: (line) => io.out(line) });
  } catch (error) {
    io.err(`0bit-launch sandbox: ${(error as Error).message}`);
    return EXIT.notVerified;
  }
  const { credentials } = server.sandbox;
  io.out(`0bit-launch sandbox: the simulated 0Bit API is listening on ${server.url}`);
  io.out(
    args.forward
      ? `forwarding signed webhooks to ${args.forward} (${args.maxAttempts ?? 5} attempts, retry after ${args.backoffMs ?? 1000} ms, doubling)`
      : 'no --forward: events wait in the sandbox (GET /v1/events) and are not delivered',
  );
  io.out('configure your app with:');
  io.out(`  ZEROBIT_API_BASE=${server.url}`);
  for (const [field, name] of Object.entries(CREDENTIAL_ENV)) {
    const value = credentials[field as keyof typeof CREDENTIAL_ENV];
    io.out(field in given ? `  ${name}=${maskedValue(value)} (from your environment)` : `  ${name}=${value}`);
  }
  io.out(`trigger an event: 0bit-launch sandbox trigger session.completed --sandbox ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  io.out(`0bit-launch sandbox: stopped (${server.sandbox.deliveries.length} delivery attempts, ${server.sandbox.deadLetters.length} dead letters)`);
  return EXIT.ok;
}

/** Only the credential's kind: the value came from the user's own environment, which already holds it. */
function maskedValue(value: string): string {
  return `${/^(?:(?:sk|pk)_(?:sandbox|live)_|whsec_)/.exec(value)?.[0] ?? ''}…`;
}

/**
 * `0bit-launch sandbox trigger TYPE`: asks the running sandbox to emit one event and
 * deliver it. 0 when the first attempt was accepted (or there is nowhere to forward to);
 * 1 when it failed (the sandbox keeps retrying) or no sandbox answers.
 */
export async function runTrigger(args: { type: string; sandbox?: string; session?: string }, io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { TRIGGER_PATH } = await import('../sandbox/control.js');
  const base = (args.sandbox ?? env.ZEROBIT_SANDBOX_URL ?? 'http://127.0.0.1:4100').replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}${TRIGGER_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: args.type, ...(args.session ? { session: args.session } : {}) }),
    });
  } catch (error) {
    io.err(
      `0bit-launch sandbox trigger: no sandbox answers at ${base} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}); start one with 0bit-launch sandbox --forward URL`,
    );
    return EXIT.notVerified;
  }
  const answer = (await res.json().catch(() => null)) as (import('../sandbox/control.js').TriggerResult & { error?: { message: string } }) | null;
  if (!res.ok || !answer || answer.error) {
    io.err(`0bit-launch sandbox trigger: the sandbox refused (${res.status}): ${answer?.error?.message ?? 'no JSON answer'}`);
    return EXIT.notVerified;
  }
  io.out(`triggered ${answer.event.type} ${answer.event.id} (session ${answer.session})`);
  if (!answer.delivery) {
    io.out('not delivered: the sandbox runs without --forward');
    return EXIT.ok;
  }
  const d = answer.delivery;
  if (d.ok) {
    io.out(`delivered to ${answer.forwardedTo}: ${d.status}`);
    return EXIT.ok;
  }
  io.err(`delivery to ${answer.forwardedTo} failed: ${d.status ?? d.error ?? 'no answer'}; the sandbox retries it, then dead-letters it`);
  return EXIT.notVerified;
}
