import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
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

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}

function invalid(message: string): never {
  throw new LaunchError('ALERT_RULES_INVALID', message);
}

function loadFile(path: string, options: Required<Pick<LoadAlertRulesOptions, 'signalLabel' | 'cwd'>> & Pick<LoadAlertRulesOptions, 'format'>): AlertRule[] {
  const file = displayPath(path, options.cwd);
  const text = readFileSync(path, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0]);
    invalid(`${file}:${pos.line}:${pos.col}: ${syntax.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return [];
  const lineOf = (path: ReadonlyArray<string | number>): number => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return isNode(doc.contents) && doc.contents.range ? lines.linePos(doc.contents.range[0]).line : 1;
  };
  const format = options.format ?? detectFormat(data);
  if (!format) {
    invalid(`${file}:${lineOf([])}: not an alert rule file: expected Prometheus \`groups[].rules[]\`, Grafana provisioning (\`apiVersion\`, \`groups\`), a Datadog monitor export or a JSON list of rules`);
  }
  try {
    return FORMAT_PARSERS[format]({ file, data, lineOf, signalLabel: options.signalLabel });
  } catch (error) {
    if (!(error instanceof RuleFileIssue)) throw error;
    const where = error.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
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
