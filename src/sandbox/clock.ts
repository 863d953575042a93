import { LaunchError } from '../errors.js';

/**
 * Time as the sandbox sees it. Nothing in the sandbox reads the wall clock after
 * creation: session expiry, event timestamps, webhook signatures and retry backoff all
 * follow this clock, so tests move time forward instead of sleeping.
 */
export interface VirtualClock {
  /** Milliseconds since the epoch, virtual. */
  now(): number;
  /** Moves time forward by `ms`, running every task that falls due on the way, in time order. */
  advance(ms: number): Promise<void>;
  /** Runs `task` when the clock reaches `at` (ms); returns a function that cancels it. */
  schedule(at: number, task: () => void | Promise<void>): () => void;
  /** How many tasks are waiting. */
  readonly pending: number;
}

interface Entry {
  at: number;
  seq: number;
  task: (() => void | Promise<void>) | null;
}

/** A binary min-heap on (at, seq): tasks due at the same instant run in scheduling order. */
class TaskQueue {
  #heap: Entry[] = [];
  #live = 0;

  get size(): number {
    return this.#live;
  }

  push(entry: Entry): void {
    this.#heap.push(entry);
    this.#live++;
    let i = this.#heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.#heap[i]!, this.#heap[parent]!)) break;
      [this.#heap[i], this.#heap[parent]] = [this.#heap[parent]!, this.#heap[i]!];
      i = parent;
    }
  }

  cancel(entry: Entry): void {
    if (entry.task === null) return;
    entry.task = null;
    this.#live--;
  }

  /** The earliest live entry due at or before `limit`, removed from the queue. */
  popDue(limit: number): Entry | undefined {
    for (;;) {
      const top = this.#heap[0];
      if (!top || top.at > limit) return undefined;
      this.#popTop();
      if (top.task === null) continue;
      this.#live--;
      return top;
    }
  }

  #popTop(): void {
    const last = this.#heap.pop()!;
    if (this.#heap.length === 0) return;
    this.#heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < this.#heap.length && before(this.#heap[l]!, this.#heap[min]!)) min = l;
      if (r < this.#heap.length && before(this.#heap[r]!, this.#heap[min]!)) min = r;
      if (min === i) return;
      [this.#heap[i], this.#heap[min]] = [this.#heap[min]!, this.#heap[i]!];
      i = min;
    }
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * A virtual clock starting at `startMs` (default: the wall clock now). Share one clock
 * between the sandbox and the integration (`now: () => clock.now()`) so signature
 * timestamps and expiry agree on both sides.
 */
export function createVirtualClock(startMs: number = Date.now()): VirtualClock {
  if (!Number.isFinite(startMs)) throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `createVirtualClock(): start must be a finite number of ms, got ${startMs}`);
  let now = Math.floor(startMs);
  let seq = 0;
  const queue = new TaskQueue();
  // Advances run one after another, so concurrent callers never interleave tasks.
  let running: Promise<void> = Promise.resolve();

  async function run(target: number): Promise<void> {
    for (let entry = queue.popDue(target); entry; entry = queue.popDue(target)) {
      now = Math.max(now, entry.at);
      await entry.task!();
    }
    now = Math.max(now, target);
  }

  return {
    now: () => now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        return Promise.reject(new LaunchError('SANDBOX_ARGUMENT_INVALID', `clock.advance(): ms must be a finite number ≥ 0, got ${ms}`));
      }
      const next = running.then(() => run(now + ms));
      running = next.catch(() => undefined);
      return next;
    },
    schedule(at, task) {
      const entry: Entry = { at, seq: seq++, task };
      queue.push(entry);
      return () => queue.cancel(entry);
    },
    get pending() {
      return queue.size;
    },
  };
}
