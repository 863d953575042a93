import type { Ledger } from './ledger.js';
import type { AlertSignal, ResolvedOptions } from './options.js';
import type { ZeroBitClient } from './zerobit-client.js';

export interface MonitorResult {
  signal: AlertSignal;
  value: number;
  threshold: number;
  fired: boolean;
}

const HOUR_MS = 60 * 60 * 1000;

export const METRIC: Record<AlertSignal, string> = {
  session_failures: 'merchant_0bit_session_failures_last_hour',
  webhook_dead_letters: 'merchant_0bit_webhook_dead_letters',
  reconciliation_backlog: 'merchant_0bit_reconciliation_backlog',
};

/**
 * The three launch signals, read from the merchant's own ledger and from 0Bit. A signal
 * that cannot be read is an error, never a silent zero: a blind monitor must be noticed.
 */
export function createMonitors({ options, ledger, zerobit }: { options: ResolvedOptions; ledger: Ledger; zerobit: ZeroBitClient }) {
  const readers: Record<AlertSignal, () => Promise<number>> = {
    session_failures: async () => ledger.countEventsSince.get('session.failed', options.now() - HOUR_MS)!.n,
    webhook_dead_letters: async () => (await zerobit.deadLetters()).length,
    reconciliation_backlog: async () => {
      const fulfilled = new Set(ledger.fulfilledSessionIds.all().map((r) => r.session_id));
      return (await zerobit.listSessions('completed')).filter((s) => !fulfilled.has(s.id)).length;
    },
  };

  /** Last reading of each signal, exported as Prometheus gauges for ops/alerts.yml. */
  const latest = new Map<AlertSignal, number>();

  async function runMonitors(): Promise<MonitorResult[]> {
    const signals = Object.keys(readers) as AlertSignal[];
    const settled = await Promise.allSettled(signals.map((signal) => readers[signal]()));
    const results: MonitorResult[] = [];
    const unreadable: string[] = [];
    for (const [i, outcome] of settled.entries()) {
      const signal = signals[i]!;
      if (outcome.status === 'rejected') {
        unreadable.push(`${signal}: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`);
        continue;
      }
      const threshold = options.thresholds[signal];
      latest.set(signal, outcome.value);
      results.push({ signal, value: outcome.value, threshold, fired: outcome.value >= threshold });
    }
    const at = new Date(options.now()).toISOString();
    for (const r of results.filter((r) => r.fired)) {
      await options.alertSink?.({ signal: r.signal, value: r.value, threshold: r.threshold, at });
    }
    if (unreadable.length > 0) throw new Error(`monitors could not read ${unreadable.join('; ')}`);
    return results;
  }

  function metricsText(): string {
    return [...latest]
      .flatMap(([signal, value]) => [`# TYPE ${METRIC[signal]} gauge`, `${METRIC[signal]} ${value}`])
      .join('\n')
      .concat('\n');
  }

  return { runMonitors, metricsText };
}
