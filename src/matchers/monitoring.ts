import { z } from 'zod';
import { alertCoverage } from '../monitoring/coverage.js';
import { runFireDrill, type FireDrillOptions } from '../monitoring/drill.js';
import { loadAlertRules } from '../monitoring/load.js';
import { alertRuleSchema, DEFAULT_SIGNALS, DEFAULT_SIGNAL_LABEL, sourceOf, type AlertRule } from '../monitoring/rules.js';
import { finish, finishSync, misuse, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

export interface CoverAlertsOptions {
  /** The label or tag key naming a rule's signal; default `signal`. */
  signalLabel?: string;
  /** Where a path or glob given as the received value is resolved from. */
  cwd?: string;
}

const signalsSchema = z.array(z.string().min(1)).min(1);
const coverOptionsSchema = z.strictObject({ signalLabel: z.string().min(1).optional(), cwd: z.string().min(1).optional() });
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const drillOptionsSchema = z.strictObject({
  sink: z.union([z.array(z.unknown()), fn]),
  withinMs: z.number().positive().finite().optional(),
  poll: fn.optional(),
  clock: z.object({ advance: fn }).optional(),
  intervalMs: z.number().positive().finite().optional(),
  signalLabel: z.string().min(1).optional(),
});

function rulesOf(received: unknown, options: CoverAlertsOptions): AlertRule[] {
  if (typeof received === 'string' || (Array.isArray(received) && received.length > 0 && received.every((r) => typeof r === 'string'))) {
    return loadAlertRules(received as string | string[], options);
  }
  const parsed = z.array(alertRuleSchema).safeParse(received);
  if (!parsed.success) misuse('toCoverAlerts', `expected the rules from loadAlertRules() (or a path/glob to load), ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

function toCoverAlerts(this: MatcherState, received: unknown, signals: readonly string[] = DEFAULT_SIGNALS, options: CoverAlertsOptions = {}) {
  const wanted = signalsSchema.safeParse(signals);
  if (!wanted.success) misuse('toCoverAlerts', `signals must be a non-empty list of signal names (${describeIssues(wanted.error.issues)})`);
  const opts = coverOptionsSchema.safeParse(options);
  if (!opts.success) misuse('toCoverAlerts', describeIssues(opts.error.issues));
  const rules = rulesOf(received, opts.data);
  const label = opts.data.signalLabel ?? DEFAULT_SIGNAL_LABEL;
  const coverage = alertCoverage(rules, wanted.data, label);
  const missing = coverage.filter((c) => !c.covered);
  const pass = missing.length === 0;
  return finishSync(this, 'toCoverAlerts', 'monitoring', 'rules', {
    pass,
    summary: pass
      ? `every signal (${wanted.data.join(', ')}) has an enabled alert rule with an expression and a severity or route`
      : `${missing.length} of ${wanted.data.length} signal(s) lack a usable alert rule among ${rules.length} rule(s): ${missing.map((c) => c.signal).join(', ')}`,
    details: pass ? coverage.map((c) => `${c.signal}: ${c.coveredBy.map((r) => `${r.name} (${sourceOf(r)})`).join(', ')}`) : missing.flatMap((c) => c.problems),
    evidence: {
      checks: coverage.map((c) => ({
        name: `alert for ${c.signal}`,
        ok: c.covered,
        detail: c.covered ? c.coveredBy.map((r) => `${r.name} (${sourceOf(r)}, ${r.format})`).join('; ') : c.problems.join('; '),
      })),
      details: { signalLabel: label, rules: rules.length, files: [...new Set(rules.map((r) => r.source.file))] },
      scope: { signals: coverage.filter((c) => c.covered).map((c) => c.signal) },
    },
  });
}

async function toRaiseAlert(this: MatcherState, drill: unknown, signal: unknown, options: unknown) {
  if (typeof drill !== 'function') misuse('toRaiseAlert', 'expect(drill): the received value must be a function that provokes the condition');
  if (typeof signal !== 'string' || signal === '') misuse('toRaiseAlert', 'the signal must be a non-empty string, e.g. "webhook_dead_letters"');
  const opts = drillOptionsSchema.safeParse(options);
  if (!opts.success) misuse('toRaiseAlert', `options: ${describeIssues(opts.error.issues)} (expected { sink, withinMs?, poll?, clock? })`);
  const withinMs = opts.data.withinMs ?? 5000;
  // The validated copy would snapshot the sink array and detach `clock.advance`: use the originals.
  const result = await runFireDrill(drill as () => unknown, signal, options as FireDrillOptions);
  const time = `${result.elapsedMs} ms${result.virtualClock ? ' of virtual time' : ''}`;
  const details = [
    result.drillError ? `the drill threw: ${result.drillError}` : undefined,
    result.pollError ? `the poll function threw: ${result.pollError}` : undefined,
    !result.raised && !result.drillError ? `no new ${signal} alert reached the sink within ${withinMs} ms after ${result.polls} poll(s)` : undefined,
    result.otherSignals.length ? `alerts that did arrive: ${result.otherSignals.join(', ')}` : undefined,
  ].filter((d): d is string => d !== undefined);
  return finish(this, 'toRaiseAlert', 'monitoring', 'drill', {
    pass: result.raised,
    summary: result.raised
      ? `the fire drill raised a ${signal} alert at the sink after ${time}`
      : result.drillError
        ? `the fire drill for ${signal} failed before any alert could be raised`
        : `the fire drill for ${signal} never reached the alert sink (waited ${time})`,
    details,
    evidence: {
      checks: [
        { name: 'drill provoked the condition', ok: !result.drillError, detail: result.drillError },
        { name: `${signal} alert reached the sink`, ok: result.raised, detail: `${result.polls} poll(s), ${time}` },
      ],
      details: { signal, withinMs, elapsedMs: result.elapsedMs, polls: result.polls, virtualClock: result.virtualClock, alert: result.alert },
      scope: { signals: result.raised ? [signal] : [] },
    },
  });
}

/** Matchers of the `monitoring` area. */
export const monitoringMatchers = { toCoverAlerts, toRaiseAlert };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Every signal has at least one enabled alert rule with a non-empty expression and a
       * severity or route. A rule covers a signal only when it carries the label (or Datadog
       * tag) `signal: <name>`. The received value is `loadAlertRules()` output or a path/glob.
       *
       * @example
       * expect(loadAlertRules('ops/alerts.yml')).toCoverAlerts(['session_failures', 'webhook_dead_letters', 'reconciliation_backlog']);
       */
      toCoverAlerts(signals?: readonly string[], options?: CoverAlertsOptions): void;
      /**
       * A fire drill: runs the received function to provoke the condition, then polls the
       * alert sink (running `poll` between reads) until a new alert for `signal` arrives or
       * `withinMs` (default 5000) passes. With `clock`, only virtual time passes.
       *
       * @example
       * const drill = () => {
       *   sandbox.forceDeadLetter(1);
       *   sandbox.sessions.complete(sandbox.sessions.create({ amount: 1000, currency: 'EUR' }).id);
       * };
       * await expect(drill).toRaiseAlert('webhook_dead_letters', {
       *   sink: alerts, poll: merchant.runMonitors, clock: sandbox.clock, withinMs: 2 * 60 * 60 * 1000,
       * });
       */
      toRaiseAlert(signal: string, options: FireDrillOptions): Promise<void>;
    }
  }
}
