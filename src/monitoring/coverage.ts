import { DEFAULT_SIGNAL_LABEL, sourceOf, type AlertRule } from './rules.js';

export interface SignalCoverage {
  signal: string;
  covered: boolean;
  /** Rules that cover the signal: enabled, with an expression and a severity or route. */
  coveredBy: AlertRule[];
  /** Why the signal is not covered: no rule at all, or what each candidate rule lacks. */
  problems: string[];
}

/** What keeps a rule from alerting anyone; empty when it is usable. */
export function ruleDefects(rule: AlertRule): string[] {
  const defects: string[] = [];
  if (!rule.enabled) defects.push('disabled');
  if (rule.expr.trim() === '') defects.push('has an empty expression');
  if (!rule.severity && !rule.route) defects.push('has no severity or route');
  return defects;
}

/** For each signal, whether some usable rule carries it (explicitly, via its signal label). */
export function alertCoverage(rules: readonly AlertRule[], signals: readonly string[], signalLabel = DEFAULT_SIGNAL_LABEL): SignalCoverage[] {
  return signals.map((signal) => {
    const candidates = rules.filter((r) => r.signal === signal);
    const coveredBy = candidates.filter((r) => ruleDefects(r).length === 0);
    const problems =
      coveredBy.length > 0
        ? []
        : candidates.length === 0
          ? [`${signal}: no alert rule carries the label or tag ${signalLabel}: ${signal}`]
          : candidates.map((r) => `${signal}: ${r.name} (${sourceOf(r)}) ${ruleDefects(r).join(', ')}`);
    return { signal, covered: coveredBy.length > 0, coveredBy, problems };
  });
}
