import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_SIGNAL_LABEL } from './rules.js';

export type AlertSink = readonly unknown[] | (() => readonly unknown[] | Promise<readonly unknown[]>);

export interface FireDrillOptions {
  /** Where the integration's alerts land: the array it pushes to, or a function reading them. */
  sink: AlertSink;
  /** How long the alert may take; virtual milliseconds when `clock` is given. Default 5000. */
  withinMs?: number;
  /** Run between reads of the sink, e.g. the integration's monitor loop (`merchant.runMonitors`). */
  poll?: () => unknown;
  /** A virtual clock (the sandbox's, or `{ advance: vi.advanceTimersByTimeAsync }`): no real time passes. */
  clock?: { advance(ms: number): unknown };
  /** Time between polls; default withinMs/50 on a virtual clock, 20 ms of real time otherwise. */
  intervalMs?: number;
  /** The label naming an alert's signal when the alert has no `signal` field; default `signal`. */
  signalLabel?: string;
}

export interface FireDrillResult {
  raised: boolean;
  /** The alert that arrived for the signal. */
  alert?: unknown;
  /** Signals of other alerts that arrived meanwhile (useful when the wrong one fires). */
  otherSignals: string[];
  elapsedMs: number;
  polls: number;
  virtualClock: boolean;
  drillError?: string;
  pollError?: string;
}

type Labelled = { signal?: unknown; status?: unknown; labels?: Record<string, unknown>; alerts?: unknown };

/** Signals an alert stands for: its `signal` field or label, or those of an Alertmanager webhook's `alerts[]`. */
export function alertSignals(alert: unknown, signalLabel = DEFAULT_SIGNAL_LABEL): string[] {
  if (typeof alert !== 'object' || alert === null) return [];
  const a = alert as Labelled;
  if (Array.isArray(a.alerts)) return a.alerts.flatMap((inner) => alertSignals(inner, signalLabel));
  if (a.status === 'resolved') return [];
  const signal = a.signal ?? a.labels?.[signalLabel];
  return typeof signal === 'string' ? [signal] : [];
}

function fingerprint(value: unknown): unknown {
  try {
    return JSON.stringify(value) ?? value;
  } catch {
    return value;
  }
}

/** Alerts in `current` beyond those already in the sink before the drill (as a multiset). */
function newAlerts(baseline: readonly unknown[], current: readonly unknown[]): unknown[] {
  const seen = new Map<unknown, number>();
  for (const a of baseline) seen.set(fingerprint(a), (seen.get(fingerprint(a)) ?? 0) + 1);
  return current.filter((a) => {
    const key = fingerprint(a);
    const left = seen.get(key) ?? 0;
    if (left === 0) return true;
    seen.set(key, left - 1);
    return false;
  });
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A fire drill: remembers what the sink already holds, provokes the condition, then polls
 * (running `poll` each time) until a new alert for `signal` reaches the sink or `withinMs`
 * passes. With a virtual clock it advances that clock instead of waiting.
 */
export async function runFireDrill(drill: () => unknown, signal: string, options: FireDrillOptions): Promise<FireDrillResult> {
  const withinMs = options.withinMs ?? 5000;
  const { clock, sink } = options;
  const interval = options.intervalMs ?? (clock ? Math.max(1, Math.ceil(withinMs / 50)) : 20);
  // A copy: the integration keeps pushing into the same array, and the baseline must not move.
  const read = async (): Promise<readonly unknown[]> => [...(typeof sink === 'function' ? await sink() : sink)];
  const result: FireDrillResult = { raised: false, otherSignals: [], elapsedMs: 0, polls: 0, virtualClock: clock !== undefined };

  const baseline = await read();
  try {
    await drill();
  } catch (error) {
    return { ...result, drillError: message(error) };
  }
  const started = performance.now();
  for (;;) {
    result.polls++;
    if (options.poll) {
      try {
        await options.poll();
      } catch (error) {
        result.pollError = message(error);
      }
    }
    const fresh = newAlerts(baseline, await read());
    const alert = fresh.find((a) => alertSignals(a, options.signalLabel).includes(signal));
    result.otherSignals = [...new Set(fresh.flatMap((a) => alertSignals(a, options.signalLabel)))].filter((s) => s !== signal);
    if (alert !== undefined) return { ...result, raised: true, alert };
    if (result.elapsedMs >= withinMs) return result;
    const step = Math.min(interval, withinMs - result.elapsedMs);
    if (clock) {
      await clock.advance(step);
      result.elapsedMs += step;
    } else {
      await delay(step);
      result.elapsedMs = Math.round(performance.now() - started);
    }
  }
}
