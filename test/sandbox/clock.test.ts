import { describe, expect, it } from 'vitest';
import { createSandbox, createVirtualClock } from '../../src/sandbox/index.js';

describe('virtual clock', () => {
  it('runs due tasks in time order, at their own time, including tasks they schedule', async () => {
    const clock = createVirtualClock(1_000);
    const ran: Array<[string, number]> = [];
    clock.schedule(1_300, () => void ran.push(['c', clock.now()]));
    clock.schedule(1_100, () => {
      ran.push(['a', clock.now()]);
      clock.schedule(1_150, () => void ran.push(['a2', clock.now()]));
    });
    clock.schedule(1_100, async () => {
      await Promise.resolve();
      ran.push(['b', clock.now()]);
    });
    const cancel = clock.schedule(1_200, () => void ran.push(['cancelled', clock.now()]));
    cancel();
    expect(clock.pending).toBe(3);

    await clock.advance(250);
    expect(ran).toEqual([
      ['a', 1_100],
      ['b', 1_100],
      ['a2', 1_150],
    ]);
    expect(clock.now()).toBe(1_250);
    await clock.advance(50);
    expect(ran.at(-1)).toEqual(['c', 1_300]);
    expect(clock.pending).toBe(0);
  });

  it('serialises concurrent advances and refuses going backwards', async () => {
    const clock = createVirtualClock(0);
    const seen: number[] = [];
    clock.schedule(10, () => void seen.push(clock.now()));
    clock.schedule(20, () => void seen.push(clock.now()));
    await Promise.all([clock.advance(15), clock.advance(10)]);
    expect(seen).toEqual([10, 20]);
    expect(clock.now()).toBe(25);
    await expect(clock.advance(-1)).rejects.toMatchObject({ code: 'SANDBOX_ARGUMENT_INVALID' });
  });

  it('can be shared: two sandboxes expire sessions on one clock', async () => {
    const clock = createVirtualClock();
    const a = createSandbox({ clock, sessionTtlMs: 1_000 });
    const b = createSandbox({ clock, sessionTtlMs: 2_000 });
    const sa = a.sessions.create({ amount: 1, currency: 'EUR' });
    const sb = b.sessions.create({ amount: 1, currency: 'EUR' });
    await clock.advance(1_000);
    expect([a.sessions.get(sa.id)!.status, b.sessions.get(sb.id)!.status]).toEqual(['expired', 'open']);
    await clock.advance(1_000);
    expect(b.sessions.get(sb.id)!.status).toBe('expired');
  });
});
