import { z } from 'zod';
import type { AlertRule, AlertRuleFormat } from './rules.js';
import { issuePath } from '../base/zod-issues.js';

/** What a format parser gets: the parsed file and a way to find a value's line. */
export interface ParsedRuleFile {
  file: string;
  data: unknown;
  lineOf(path: ReadonlyArray<string | number>): number;
  signalLabel: string;
}

/** Thrown by a format parser; the loader turns it into `file:line: …`. */
export class RuleFileIssue extends Error {
  constructor(
    readonly path: ReadonlyArray<string | number>,
    message: string,
  ) {
    super(message);
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const labelMap = z.record(z.string(), scalar);

function validate<T>(schema: z.ZodType<T>, value: unknown, base: ReadonlyArray<string | number> = []): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [...base, ...issuePath(issue)] as Array<string | number>;
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${JSON.stringify(path.at(-1))}` : issue.message;
  throw new RuleFileIssue(path, message);
}

/** `key:value` tags (Datadog style) as a label map; a bare tag has an empty value. */
function tagLabels(tags: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    tags.map((tag) => {
      const at = tag.indexOf(':');
      return at < 0 ? [tag, ''] : [tag.slice(0, at), tag.slice(at + 1)];
    }),
  );
}

// Prometheus rejects unknown fields, so a typo (`label:`) is an error here too.
const prometheusRule = z
  .strictObject({
    alert: z.string().min(1).optional(),
    record: z.string().min(1).optional(),
    expr: scalar,
    for: z.string().optional(),
    keep_firing_for: z.string().optional(),
    labels: labelMap.optional(),
    annotations: labelMap.optional(),
  })
  .refine((r) => (r.alert === undefined) !== (r.record === undefined), 'a rule needs exactly one of `alert` or `record`');
const prometheusFile = z.strictObject({
  groups: z.array(
    z.strictObject({
      name: z.string().min(1),
      interval: z.string().optional(),
      query_offset: z.string().optional(),
      limit: z.number().int().optional(),
      labels: labelMap.optional(),
      rules: z.array(z.unknown()),
    }),
  ),
});

function prometheus(src: ParsedRuleFile): AlertRule[] {
  const file = validate(prometheusFile, src.data);
  return file.groups.flatMap((group, g) =>
    group.rules.flatMap((raw, r) => {
      const path = ['groups', g, 'rules', r];
      const rule = validate(prometheusRule, raw, path);
      if (rule.alert === undefined) return [];
      const labels = { ...group.labels, ...rule.labels };
      return [
        {
          name: rule.alert,
          signal: labels[src.signalLabel],
          expr: rule.expr.trim(),
          for: rule.for,
          severity: labels.severity,
          route: labels.route ?? labels.receiver,
          enabled: true,
          labels,
          format: 'prometheus' as const,
          source: { file: src.file, line: src.lineOf(path) },
        },
      ];
    }),
  );
}

const grafanaRule = z.object({
  uid: z.string().optional(),
  title: z.string().min(1),
  condition: z.string().min(1),
  data: z.array(z.object({ refId: z.string(), datasourceUid: z.string().optional(), model: z.record(z.string(), z.unknown()) })).min(1),
  for: z.string().optional(),
  labels: labelMap.optional(),
  annotations: labelMap.optional(),
  isPaused: z.boolean().optional(),
  notification_settings: z.object({ receiver: z.string().min(1) }).optional(),
});
const grafanaFile = z.object({
  apiVersion: z.literal(1),
  groups: z.array(z.object({ name: z.string().min(1), folder: z.string().optional(), rules: z.array(z.unknown()) })).default([]),
});
/** Grafana's server-side expressions (math, reduce, threshold) are not data queries. */
const EXPRESSION_DATASOURCES = new Set(['__expr__', '-100']);

function grafana(src: ParsedRuleFile): AlertRule[] {
  const file = validate(grafanaFile, src.data);
  return file.groups.flatMap((group, g) =>
    group.rules.map((raw, r) => {
      const path = ['groups', g, 'rules', r];
      const rule = validate(grafanaRule, raw, path);
      const labels = { ...rule.labels };
      const query = rule.data
        .filter((d) => !EXPRESSION_DATASOURCES.has(d.datasourceUid ?? ''))
        .map((d) => d.model.expr ?? d.model.query ?? d.model.rawSql)
        .find((q): q is string => typeof q === 'string' && q.trim() !== '');
      return {
        name: rule.title,
        signal: labels[src.signalLabel],
        expr: query?.trim() ?? '',
        for: rule.for,
        severity: labels.severity,
        route: rule.notification_settings?.receiver ?? labels.route,
        enabled: rule.isPaused !== true,
        labels,
        format: 'grafana' as const,
        source: { file: src.file, line: src.lineOf(path) },
      };
    }),
  );
}

const datadogMonitor = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  query: z.string(),
  message: z.string().optional(),
  tags: z.array(z.string()).default([]),
  priority: z.number().int().min(1).max(5).nullable().optional(),
  options: z.object({ silenced: z.record(z.string(), z.unknown()).optional() }).optional(),
});

function datadog(src: ParsedRuleFile): AlertRule[] {
  const list = Array.isArray(src.data) ? src.data : [src.data];
  return list.map((raw, i) => {
    const path = Array.isArray(src.data) ? [i] : [];
    const monitor = validate(datadogMonitor, raw, path);
    const labels = tagLabels(monitor.tags);
    const handles = monitor.message?.match(/@[\w.-]+(?:@[\w.-]+)?/g) ?? [];
    return {
      name: monitor.name,
      signal: labels[src.signalLabel],
      expr: monitor.query.trim(),
      severity: labels.severity ?? (monitor.priority ? `P${monitor.priority}` : undefined),
      route: handles.length ? [...new Set(handles)].join(' ') : undefined,
      // Muted for every scope (`"*"`) means the monitor never notifies anyone.
      enabled: !Object.hasOwn(monitor.options?.silenced ?? {}, '*'),
      labels,
      format: 'datadog' as const,
      source: { file: src.file, line: src.lineOf(path) },
    };
  });
}

const jsonRule = z
  .strictObject({
    name: z.string().min(1),
    signal: z.string().min(1).optional(),
    expr: z.string().optional(),
    query: z.string().optional(),
    for: z.string().optional(),
    severity: z.string().optional(),
    route: z.string().optional(),
    enabled: z.boolean().default(true),
    labels: labelMap.optional(),
    tags: z.array(z.string()).optional(),
  })
  .refine((r) => (r.expr === undefined) !== (r.query === undefined), 'a rule needs exactly one of `expr` or `query`');

function plainJson(src: ParsedRuleFile): AlertRule[] {
  const list = validate(z.array(z.unknown()), src.data);
  return list.map((raw, i) => {
    const rule = validate(jsonRule, raw, [i]);
    const labels = { ...tagLabels(rule.tags ?? []), ...rule.labels };
    return {
      name: rule.name,
      signal: rule.signal ?? labels[src.signalLabel],
      expr: (rule.expr ?? rule.query ?? '').trim(),
      for: rule.for,
      severity: rule.severity ?? labels.severity,
      route: rule.route ?? labels.route,
      enabled: rule.enabled,
      labels,
      format: 'json' as const,
      source: { file: src.file, line: src.lineOf([i]) },
    };
  });
}

export const FORMAT_PARSERS: Record<AlertRuleFormat, (src: ParsedRuleFile) => AlertRule[]> = {
  prometheus,
  grafana,
  datadog,
  json: plainJson,
};

const isDatadogShaped = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { query?: unknown }).query === 'string' && typeof (v as { type?: unknown }).type === 'string';

/** Recognises a file's format from its shape, never from its name. */
export function detectFormat(data: unknown): AlertRuleFormat | undefined {
  if (Array.isArray(data)) return data.length > 0 && data.every(isDatadogShaped) ? 'datadog' : 'json';
  if (typeof data !== 'object' || data === null) return undefined;
  if ('apiVersion' in data) return 'grafana';
  if ('groups' in data) return 'prometheus';
  if (isDatadogShaped(data)) return 'datadog';
  return undefined;
}
