import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { REPO } from '../docs/typecheck.js';

/**
 * `0bit-launch sandbox` as a process, driven as a developer would: the reference merchant
 * (examples/merchant/main.ts) runs on a real port against the sandbox process's API, and
 * `0bit-launch sandbox trigger` makes the sandbox deliver signed webhooks to it.
 */
const SECRET_KEY = 'sk_sandbox_Pr0cessM0deTestKey00000000';
const PUBLISHABLE_KEY = 'pk_sandbox_Pr0cessM0deTestKey00000000';
const WEBHOOK_SECRET = `whsec_${Buffer.from('sandbox process test webhook key!').toString('base64')}`;
const CLI = ['--import', 'tsx', join(REPO, 'src/cli/bin.ts')];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a long-running process and resolves once its output matches `ready`; keeps all its output. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env, NO_COLOR: '1' } });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 20 s: ${args.join(' ')}\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready: ${output}`)));
  });
}

/** `0bit-launch sandbox trigger`, run here (its client side); it talks to the sandbox process over HTTP. */
async function trigger(args: string[]) {
  const lines: string[] = [];
  const code = await main(['sandbox', 'trigger', ...args], { cwd: REPO, out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

/** The sandbox's first line names where it listens (with --port 0, the port it picked). */
function listeningOn(output: string): string {
  return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('0bit-launch sandbox, as a process, with the reference merchant on a real port', () => {
  it('serves the API the merchant calls, and trigger delivers a signed event it fulfils once', async () => {
    const merchantPort = await freePort();
    const merchantUrl = `http://127.0.0.1:${merchantPort}`;
    const sandbox = await start(
      [...CLI, 'sandbox', '--port', '0', '--forward', `${merchantUrl}/webhooks/0bit`],
      { ZEROBIT_SECRET_KEY: SECRET_KEY, ZEROBIT_PUBLISHABLE_KEY: PUBLISHABLE_KEY, ZEROBIT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      /trigger an event/,
    );
    const sandboxUrl = listeningOn(sandbox.output());
    // Credentials the app already has are not printed back.
    expect(sandbox.output()).not.toContain(SECRET_KEY);
    expect(sandbox.output()).not.toContain(WEBHOOK_SECRET);
    await start(
      ['--import', 'tsx', join(REPO, 'examples/merchant/main.ts')],
      {
        PORT: String(merchantPort),
        ZEROBIT_API_BASE: sandboxUrl,
        ZEROBIT_SECRET_KEY: SECRET_KEY,
        ZEROBIT_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        ZEROBIT_WEBHOOK_SECRETS: WEBHOOK_SECRET,
      },
      /merchant: listening/,
    );

    // The merchant opens a checkout: its server creates the session at the sandbox process, over HTTP.
    const opened = await fetch(`${merchantUrl}/api/checkout/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'process-test-1', origin: `http://localhost:${merchantPort}` },
      body: JSON.stringify({ amount: 1200, currency: 'EUR' }),
    });
    expect(opened.status).toBe(201);
    const { sessionId } = (await opened.json()) as { sessionId: string };
    const atSandbox = await fetch(`${sandboxUrl}/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
    expect(await atSandbox.json()).toMatchObject({ id: sessionId, status: 'open', amount: 1200 });
    const status = async () => (await (await fetch(`${merchantUrl}/api/checkout/sessions/${sessionId}`)).json()) as { status: string; fulfilled: boolean };
    expect(await status()).toEqual({ sessionId, status: 'open', fulfilled: false });

    // The payer pays: trigger completes that session, and the sandbox delivers the signed event.
    const paid = await trigger(['session.completed', '--session', sessionId, '--sandbox', sandboxUrl]);
    expect(paid.output).toMatch(new RegExp(`^triggered session\\.completed evt_\\w+ \\(session ${sessionId}\\)$`, 'm'));
    expect(paid.output).toContain(`delivered to ${merchantUrl}/webhooks/0bit: 200`);
    expect(paid.code).toBe(0);
    expect(await status()).toEqual({ sessionId, status: 'completed', fulfilled: true });
    expect(sandbox.output()).toMatch(/--> session\.completed evt_\w+ attempt 1: 200/);

    // A session that is no longer open cannot be completed twice.
    const again = await trigger(['session.completed', '--session', sessionId, '--sandbox', sandboxUrl]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/the sandbox refused \(409\): session ses_\w+ is completed, not open/);

    // Without --session, trigger makes a session of its own (the merchant records the event).
    const fresh = await trigger(['session.failed', '--sandbox', sandboxUrl]);
    expect(fresh.code).toBe(0);
    expect(fresh.output).toMatch(/triggered session\.failed evt_\w+ \(session ses_\w+\)\ndelivered to .*: 200/);
  }, 60_000);

  it('retries a delivery the app refuses, then dead-letters it', async () => {
    const merchantPort = await freePort();
    const merchantUrl = `http://127.0.0.1:${merchantPort}`;
    // The sandbox signs with another secret than the merchant verifies with: every delivery is refused.
    const sandbox = await start(
      [...CLI, 'sandbox', '--port', '0', '--forward', `${merchantUrl}/webhooks/0bit`, '--max-attempts', '3', '--backoff-ms', '100'],
      {
        ZEROBIT_SECRET_KEY: SECRET_KEY,
        ZEROBIT_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        ZEROBIT_WEBHOOK_SECRET: `whsec_${Buffer.from('not the merchant webhook key!!').toString('base64')}`,
      },
      /trigger an event/,
    );
    const sandboxUrl = listeningOn(sandbox.output());
    await start(
      ['--import', 'tsx', join(REPO, 'examples/merchant/main.ts')],
      {
        PORT: String(merchantPort),
        ZEROBIT_API_BASE: sandboxUrl,
        ZEROBIT_SECRET_KEY: SECRET_KEY,
        ZEROBIT_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        ZEROBIT_WEBHOOK_SECRETS: WEBHOOK_SECRET,
      },
      /merchant: listening/,
    );
    const refused = await trigger(['session.completed', '--sandbox', sandboxUrl]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/delivery to .* failed: 401; the sandbox retries it, then dead-letters it/);
    const eventId = /triggered session\.completed (evt_\w+)/.exec(refused.output)![1]!;

    const deadLetters = await until('the dead letter', async () => {
      const res = await fetch(`${sandboxUrl}/v1/webhooks/dead_letters`, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
      const { data } = (await res.json()) as { data: Array<{ eventId: string; attempts: number; lastStatus: number }> };
      return data.length > 0 ? data : undefined;
    });
    expect(deadLetters).toEqual([expect.objectContaining({ eventId, attempts: 3, lastStatus: 401 })]);
    for (const attempt of [1, 2, 3]) expect(sandbox.output()).toContain(`--> session.completed ${eventId} attempt ${attempt}: failed (401)`);
    await until('the dead-letter line', async () =>
      sandbox.output().includes(`dead-lettered session.completed ${eventId} after 3 attempts`) ? true : undefined,
    );
  }, 60_000);

  it('trigger says so when no sandbox answers, and refuses an unknown event type', async () => {
    const nobody = await trigger(['session.completed', '--sandbox', `http://127.0.0.1:${await freePort()}`]);
    expect(nobody.code).toBe(1);
    expect(nobody.output).toMatch(/no sandbox answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); start one with 0bit-launch sandbox/);
    const idle = await start([...CLI, 'sandbox', '--port', '0'], {}, /trigger an event/);
    const port = Number(new URL(listeningOn(idle.output())).port);
    const unknown = await trigger(['order.paid', '--sandbox', `http://127.0.0.1:${port}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/the sandbox refused \(400\): expected \{"type": "session\.completed" \| "session\.failed" \| "session\.expired"/);
    const parked = await trigger(['session.completed', '--sandbox', `http://127.0.0.1:${port}`]);
    expect(parked).toMatchObject({ code: 0, output: expect.stringContaining('not delivered: the sandbox runs without --forward') });

    // What a web page could send: a rebound DNS name, or a form post. Both refused; the same request from here is not.
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/_sandbox/trigger', headers }, (res) => resolve(res.statusCode!));
        req.on('error', reject);
        req.end(JSON.stringify({ type: 'session.completed' }));
      });
    expect(await post({ host: `attacker.example:${port}`, 'content-type': 'application/json' })).toBe(403);
    expect(await post({ host: `127.0.0.1:${port}`, 'content-type': 'text/plain' })).toBe(415);
    expect(await post({ host: `localhost:${port}`, 'content-type': 'application/json' })).toBe(200);

    // Ctrl-C (or a SIGTERM from a process manager) stops it cleanly, with a summary.
    const exited = new Promise<number | null>((resolve) => idle.child.once('exit', resolve));
    idle.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(idle.output()).toMatch(/0bit-launch sandbox: stopped \(0 delivery attempts, 0 dead letters\)/);
  }, 60_000);
});
