import { z } from 'zod';

export const ALERT_RULE_FORMATS = ['prometheus', 'datadog', 'grafana', 'json'] as const;
export type AlertRuleFormat = (typeof ALERT_RULE_FORMATS)[number];

/** The launch signals every integration must alert on (the monitoring row of the launch checklist, docs/monitoring.md). */
export const DEFAULT_SIGNALS = ['session_failures', 'webhook_dead_letters', 'reconciliation_backlog'] as const;

/** The label (Prometheus, Grafana, plain JSON) or tag key (Datadog) that names a rule's signal. */
export const DEFAULT_SIGNAL_LABEL = 'signal';

/**
 * One alert definition, whatever file format it came from. `signal` is set only when the
 * rule carries the signal label or tag explicitly; it is never guessed from names.
 */
export const alertRuleSchema = z.object({
  name: z.string(),
  signal: z.string().optional(),
  /** The PromQL expression, Datadog monitor query or Grafana data query. */
  expr: z.string(),
  for: z.string().optional(),
  severity: z.string().optional(),
  /** Where the alert goes: a receiver, notification handle or route label. */
  route: z.string().optional(),
  /** False when the rule is paused (Grafana), muted for every scope (Datadog) or `enabled: false`. */
  enabled: z.boolean(),
  labels: z.record(z.string(), z.string()),
  format: z.enum(ALERT_RULE_FORMATS),
  source: z.object({ file: z.string(), line: z.number().int().positive() }),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export function sourceOf(rule: Pick<AlertRule, 'source'>): string {
  return `${rule.source.file}:${rule.source.line}`;
}
