import { displayPath } from '../base/display-path.js';
import { readInput } from '../base/read-input.js';
import { parseYamlWithLines } from '../base/yaml-lines.js';
import { formatPath } from '../base/zod-issues.js';
import { LaunchError } from '../errors.js';
import { detectFormat, FORMAT_PARSERS, RuleFileIssue } from './formats.js';
import { expandGlob } from './glob.js';
import { DEFAULT_SIGNAL_LABEL, type AlertRule, type AlertRuleFormat } from './rules.js';

export interface LoadAlertRulesOptions {
  /** Label (or Datadog tag key) that names the signal a rule covers; default `signal`. */
  signalLabel?: string;
  /** Skip shape detection and read every file as this format. */
  format?: AlertRuleFormat;
  /** Directory relative paths and globs are resolved from; default `process.cwd()`. */
  cwd?: string;
}

/** What a directory given to `loadAlertRules` is searched for. */
const RULE_FILE_EXTENSIONS = ['.yml', '.yaml', '.json'];

function invalid(message: string): never {
  throw new LaunchError('ALERT_RULES_INVALID', message);
}

function loadFile(path: string, options: Required<Pick<LoadAlertRulesOptions, 'signalLabel' | 'cwd'>> & Pick<LoadAlertRulesOptions, 'format'>): AlertRule[] {
  const file = displayPath(path, options.cwd);
  const text = readInput(`alert rule file ${file}`, path);
  const parsed = parseYamlWithLines(text);
  if (!parsed.ok) invalid(`${file}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  const { data, lineOf } = parsed;
  if (data === null || data === undefined) return [];
  const format = options.format ?? detectFormat(data);
  if (!format) {
    invalid(
      `${file}:${lineOf([])}: not an alert rule file: expected Prometheus \`groups[].rules[]\`, Grafana provisioning (\`apiVersion\`, \`groups\`), a Datadog monitor export or a JSON list of rules`,
    );
  }
  try {
    return FORMAT_PARSERS[format]({ file, data, lineOf, signalLabel: options.signalLabel });
  } catch (error) {
    if (!(error instanceof RuleFileIssue)) throw error;
    const where = formatPath(error.path);
    return invalid(`${file}:${lineOf(error.path)}: ${format} rules: ${where ? `${where}: ` : ''}${error.message}`);
  }
}

/**
 * Reads alert definitions from Prometheus rule files, Grafana alert-rule provisioning
 * YAML, Datadog monitor JSON exports and plain JSON lists; `pathOrGlob` is a file, a
 * directory, a glob, or a list of those. Each alert becomes one `AlertRule` with the file
 * and line it was defined on. A file that does not parse or validate throws
 * `ALERT_RULES_INVALID` with `file:line` and the reason; matching no file at all throws too.
 *
 * @example
 * const rules = loadAlertRules('ops/alerts/*.{yml,json}');
 * expect(rules).toCoverAlerts(['session_failures', 'webhook_dead_letters', 'reconciliation_backlog']);
 */
export function loadAlertRules(pathOrGlob: string | readonly string[], options: LoadAlertRulesOptions = {}): AlertRule[] {
  const cwd = options.cwd ?? process.cwd();
  const patterns = typeof pathOrGlob === 'string' ? [pathOrGlob] : [...pathOrGlob];
  if (patterns.length === 0) invalid('loadAlertRules: no path or glob given');
  const resolved = { signalLabel: options.signalLabel ?? DEFAULT_SIGNAL_LABEL, cwd, format: options.format };
  const files = new Set<string>();
  for (const pattern of patterns) {
    const matched = expandGlob(pattern, cwd, RULE_FILE_EXTENSIONS);
    if (matched.length === 0) invalid(`loadAlertRules: ${pattern} matches no file (resolved from ${cwd})`);
    for (const file of matched) files.add(file);
  }
  return [...files].flatMap((file) => loadFile(file, resolved));
}
