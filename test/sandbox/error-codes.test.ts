import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { startSandboxServer } from '../../src/sandbox/server.js';
import { probeEvents } from '../../src/matchers/event-source.js';

/**
 * The causes that all threw `SANDBOX` before it was split (issue 16.2), each asserted by
 * its own code; the rest are asserted where their behaviour is tested (sessions, faults,
 * webhooks, isolation, clock, capabilities).
 */
describe('sandbox error codes', () => {
  it('SANDBOX_LISTEN_FAILED: the sandbox server cannot take a port that is in use', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = holder.address() as AddressInfo;
      await expect(startSandboxServer({ port })).rejects.toMatchObject({
        code: 'SANDBOX_LISTEN_FAILED',
        message: expect.stringContaining(`port ${port} is in use`),
      });
      // Positive control: the same call on a free port listens.
      const server = await startSandboxServer({ port: 0 });
      await server.close();
    } finally {
      holder.close();
    }
  });

  it('SANDBOX_EVENT_MISSING: a sandbox that did not emit the event a probe needs', () => {
    const sandbox = createSandbox();
    expect(probeEvents({ sandbox, created: 1 }).genuine().type).toBe('session.completed');
    const silent = { credentials: sandbox.credentials, clock: sandbox.clock, sessions: sandbox.sessions, events: [] };
    expect(() => probeEvents({ sandbox: silent, created: 1 }).genuine()).toThrow(expect.objectContaining({ code: 'SANDBOX_EVENT_MISSING' }));
  });

  it('SANDBOX_OPTIONS_INVALID for a bad option, SANDBOX_ARGUMENT_INVALID for a bad call', () => {
    expect(() => createSandbox({ webhook: { maxAttempts: 0 } } as never)).toThrow(expect.objectContaining({ code: 'SANDBOX_OPTIONS_INVALID' }));
    expect(() => createSandbox().forceDeadLetter(0)).toThrow(expect.objectContaining({ code: 'SANDBOX_ARGUMENT_INVALID' }));
  });
});
