import { afterEach, describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { recordedEvidence } from '../support/evidence.js';
import { createUnwiredMerchant } from '../fixtures/monitoring/unwired-alert-sink.js';
import { referenceSetup, type ReferenceSetup } from '../monitoring/reference-merchant.js';
import { failureOf as failure } from '../support/failure.js';

/** A virtual clock that only counts: nothing waits on it. */
function countingClock() {
  const clock = { advanced: 0, advance: (ms: number) => void (clock.advanced += ms) };
  return clock;
}

describe('toRaiseAlert (drill mechanics)', () => {
  it('passes once a new alert for the signal reaches the sink, advancing only virtual time', async () => {
    const clock = countingClock();
    const sink: unknown[] = [];
    let armed = false;
    const poll = () => {
      if (armed && clock.advanced >= 300) sink.push({ signal: 'webhook_dead_letters', value: 1 });
    };
    await expect(() => void (armed = true)).toRaiseAlert('webhook_dead_letters', { sink, poll, clock, withinMs: 1000 });
    expect(clock.advanced).toBe(300);
  });

  it('fails when no alert arrives within withinMs, after spending exactly that much virtual time', async () => {
    const clock = countingClock();
    const message = await failure(expect(() => undefined).toRaiseAlert('webhook_dead_letters', { sink: [], clock, withinMs: 1000 }));
    expect(message).toMatch(/the fire drill for webhook_dead_letters never reached the alert sink \(waited 1000 ms of virtual time\)/);
    expect(message).toMatch(/no new webhook_dead_letters alert reached the sink within 1000 ms after 51 poll\(s\)/);
    expect(clock.advanced).toBe(1000);
  });

  it('does not count alerts that were in the sink before the drill', async () => {
    const sink = [{ signal: 'session_failures', value: 3 }];
    await expect(expect(() => undefined).toRaiseAlert('session_failures', { sink, clock: countingClock(), withinMs: 10 })).rejects.toThrow(/never reached/);
    await expect(() => void sink.push({ signal: 'session_failures', value: 3 })).toRaiseAlert('session_failures', {
      sink,
      clock: countingClock(),
      withinMs: 10,
    });
  });

  it('names the alerts that did arrive when the wrong signal fires', async () => {
    const sink: unknown[] = [];
    const message = await failure(
      expect(() => void sink.push({ signal: 'session_failures' })).toRaiseAlert('reconciliation_backlog', { sink, clock: countingClock(), withinMs: 10 }),
    );
    expect(message).toContain('alerts that did arrive: session_failures');
  });

  it('reads signals from labels and from Alertmanager webhook payloads, ignoring resolved alerts', async () => {
    const sink: unknown[] = [];
    const resolved = { alerts: [{ status: 'resolved', labels: { signal: 'webhook_dead_letters' } }] };
    await expect(expect(() => void sink.push(resolved)).toRaiseAlert('webhook_dead_letters', { sink, clock: countingClock(), withinMs: 10 })).rejects.toThrow();
    const firing = { alerts: [{ status: 'firing', labels: { alertname: 'X', signal: 'webhook_dead_letters' } }] };
    await expect(() => void sink.push(firing)).toRaiseAlert('webhook_dead_letters', { sink: () => sink, clock: countingClock() });
    await expect(() => void sink.push({ labels: { launch_signal: 'x' } })).toRaiseAlert('x', { sink, clock: countingClock(), signalLabel: 'launch_signal' });
  });

  it('fails, without waiting, when the drill itself throws', async () => {
    const clock = countingClock();
    const message = await failure(expect(() => Promise.reject(new Error('sandbox refused'))).toRaiseAlert('session_failures', { sink: [], clock }));
    expect(message).toMatch(/failed before any alert could be raised[\s\S]*the drill threw: sandbox refused/);
    expect(clock.advanced).toBe(0);
  });

  it('polls in real time without a clock (the alert arrives on the first poll)', async () => {
    const sink: unknown[] = [];
    await expect(() => void sink.push({ signal: 'session_failures' })).toRaiseAlert('session_failures', { sink });
  });

  it('keeps secrets out of the failure message', async () => {
    const canary = 'sk_live_CANARY7fQ2mZ9xLp4RtY8w';
    const poll = () => {
      throw new Error(`0Bit answered 401 for ${canary}`);
    };
    const message = await failure(expect(() => undefined).toRaiseAlert('session_failures', { sink: [], poll, clock: countingClock(), withinMs: 10 }));
    expect(message).toContain('the poll function threw: 0Bit answered 401 for');
    expect(message).not.toContain(canary);
  });

  it('passes under .not when no alert arrives', async () => {
    await expect(() => undefined).not.toRaiseAlert('session_failures', { sink: [], clock: countingClock(), withinMs: 10 });
  });

  it('refuses misuse with MATCHER_MISUSE', async () => {
    const misuse = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        return isLaunchError(error, 'MATCHER_MISUSE');
      }
      return false;
    };
    expect(await misuse(() => expect('not a function').toRaiseAlert('session_failures', { sink: [] }))).toBe(true);
    expect(await misuse(() => expect(() => undefined).toRaiseAlert('', { sink: [] }))).toBe(true);
    expect(await misuse(() => expect(() => undefined).toRaiseAlert('x', {} as never))).toBe(true);
  });
});

describe('toRaiseAlert on the reference merchant and the sandbox', () => {
  let setup: ReferenceSetup | undefined;
  afterEach(async () => {
    await setup?.[Symbol.asyncDispose]();
    setup = undefined;
  });
  const HOUR = 60 * 60 * 1000;

  it('webhook_dead_letters: a delivery 0Bit gives up on reaches the alert sink', async ({ task }) => {
    setup = await referenceSetup();
    const { sandbox, merchant, alerts } = setup;
    const drill = () => {
      sandbox.forceDeadLetter(1);
      sandbox.sessions.complete(sandbox.sessions.create({ amount: 1000, currency: 'EUR' }).id);
    };
    await expect(drill).toRaiseAlert('webhook_dead_letters', { sink: alerts, poll: merchant.runMonitors, clock: sandbox.clock, withinMs: 2 * HOUR });
    expect(sandbox.deadLetters).toHaveLength(1);
    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({
      matcher: 'toRaiseAlert',
      area: 'monitoring',
      pass: true,
      details: { signal: 'webhook_dead_letters', virtualClock: true, alert: { signal: 'webhook_dead_letters', value: 1, threshold: 1 } },
    });
  });

  it('session_failures: three failed sessions within the hour reach the alert sink', async () => {
    setup = await referenceSetup();
    const { sandbox, merchant, alerts } = setup;
    const drill = () => {
      for (let i = 0; i < 3; i++) sandbox.sessions.fail(sandbox.sessions.create({ amount: 500, currency: 'EUR' }).id);
    };
    await expect(drill).toRaiseAlert('session_failures', { sink: alerts, poll: merchant.runMonitors, clock: sandbox.clock, withinMs: 10 * 60 * 1000 });
  });

  it('reconciliation_backlog: a completed session the shop never hears about reaches the alert sink', async () => {
    setup = await referenceSetup();
    const { sandbox, merchant, alerts } = setup;
    const drill = () => {
      sandbox.forceDeadLetter(1);
      sandbox.sessions.complete(sandbox.sessions.create({ amount: 2500, currency: 'EUR' }).id);
    };
    await expect(drill).toRaiseAlert('reconciliation_backlog', { sink: alerts, poll: merchant.runMonitors, clock: sandbox.clock, withinMs: HOUR });
  });

  it('fails on the one-bug fixture whose alert sink is not wired', async () => {
    setup = await referenceSetup(createUnwiredMerchant);
    const { sandbox, merchant, alerts } = setup;
    const drill = () => {
      sandbox.forceDeadLetter(1);
      sandbox.sessions.complete(sandbox.sessions.create({ amount: 1000, currency: 'EUR' }).id);
    };
    const message = await failure(
      expect(drill).toRaiseAlert('webhook_dead_letters', { sink: alerts, poll: merchant.runMonitors, clock: sandbox.clock, withinMs: 2 * HOUR }),
    );
    expect(message).toMatch(/never reached the alert sink \(waited 7200000 ms of virtual time\)/);
    expect(sandbox.deadLetters).toHaveLength(1);
  });
});
