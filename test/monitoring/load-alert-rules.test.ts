import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertRulesPath } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { loadAlertRules } from '../../src/monitoring/index.js';

const fixtures = 'test/fixtures/monitoring';
const tmp = mkdtempSync(join(tmpdir(), 'alert-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadError(...args: Parameters<typeof loadAlertRules>): string {
  try {
    loadAlertRules(...args);
  } catch (error) {
    if (isLaunchError(error, 'ALERT_RULES_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected loadAlertRules to throw');
}

describe('loadAlertRules', () => {
  it('reads the reference merchant’s Prometheus rules with signal, severity and file:line', () => {
    const rules = loadAlertRules(alertRulesPath);
    expect(rules.map((r) => [r.name, r.signal, r.severity, r.for, r.enabled, r.format, r.source.line])).toEqual([
      ['ZeroBitSessionFailures', 'session_failures', 'page', '5m', true, 'prometheus', 7],
      ['ZeroBitWebhookDeadLetters', 'webhook_dead_letters', 'page', '0m', true, 'prometheus', 18],
      ['ZeroBitReconciliationBacklog', 'reconciliation_backlog', 'ticket', '15m', true, 'prometheus', 29],
    ]);
    expect(rules[1]!.expr).toBe('max(merchant_0bit_webhook_dead_letters) >= 1');
    expect(rules[0]!.source.file).toBe('examples/merchant/ops/alerts.yml');
  });

  it('reads Grafana provisioning: the data query is the expression, paused rules are disabled, the receiver is the route', () => {
    const [first] = loadAlertRules(`${fixtures}/formats/grafana-alerts.yaml`);
    expect(first).toMatchObject({
      name: '0Bit session failures',
      signal: 'session_failures',
      expr: 'max(merchant_0bit_session_failures_last_hour)',
      route: 'payments-oncall',
      enabled: true,
      format: 'grafana',
      source: { line: 9 },
    });
    const paused = loadAlertRules(`${fixtures}/disabled-dead-letters/grafana-alerts.yaml`);
    expect(paused.map((r) => [r.signal, r.enabled])).toEqual([
      ['session_failures', true],
      ['webhook_dead_letters', false],
      ['reconciliation_backlog', true],
    ]);
  });

  it('reads a Datadog monitor export: signal and severity from tags, route from @handles, muted ("*") is disabled', () => {
    const rules = loadAlertRules(`${fixtures}/formats/datadog-monitors.json`);
    expect(rules.map((r) => [r.signal, r.severity, r.route, r.enabled, r.source.line])).toEqual([
      ['session_failures', 'P2', '@pagerduty-payments', true, 2],
      ['webhook_dead_letters', 'page', '@pagerduty-payments @slack-payments-ops', true, 12],
      ['reconciliation_backlog', 'P3', '@slack-payments-ops', false, 21],
    ]);
  });

  it('reads a plain JSON list: `signal`, a label or a tag name the signal; `enabled: false` disables', () => {
    const rules = loadAlertRules(`${fixtures}/formats/rules.json`);
    expect(rules.map((r) => [r.name, r.signal, r.expr, r.enabled])).toEqual([
      ['session failures', 'session_failures', 'failures_last_hour >= 3', true],
      ['dead letters', 'webhook_dead_letters', 'dead_letters >= 1', true],
      ['reconciliation backlog', 'reconciliation_backlog', 'backlog >= 1', false],
    ]);
  });

  it('never guesses a signal from a name, and honours a configured signal label', () => {
    const path = join(tmp, 'named.yml');
    writeFileSync(
      path,
      'groups:\n  - name: g\n    rules:\n      - alert: webhook_dead_letters\n        expr: up == 0\n        labels: { severity: page, launch_signal: webhook_dead_letters }\n',
    );
    expect(loadAlertRules(path)[0]!.signal).toBeUndefined();
    expect(loadAlertRules(path, { signalLabel: 'launch_signal' })[0]!.signal).toBe('webhook_dead_letters');
  });

  it('skips Prometheus recording rules and applies group labels', () => {
    const path = join(tmp, 'recording.yml');
    writeFileSync(
      path,
      'groups:\n  - name: g\n    labels: { severity: page }\n    rules:\n      - record: job:x:rate5m\n        expr: rate(x[5m])\n      - alert: X\n        expr: job:x:rate5m > 1\n        labels: { signal: session_failures }\n',
    );
    expect(loadAlertRules(path)).toMatchObject([{ name: 'X', severity: 'page', signal: 'session_failures', source: { line: 7 } }]);
  });

  it('expands globs, directories and lists, sorted and without duplicates', () => {
    expect(loadAlertRules(`${fixtures}/formats/*.{json,yaml}`).map((r) => r.format)).toEqual([
      ...Array(3).fill('datadog'),
      ...Array(3).fill('grafana'),
      ...Array(3).fill('json'),
    ]);
    expect(loadAlertRules(`${fixtures}/formats`)).toHaveLength(9);
    expect(loadAlertRules([alertRulesPath, alertRulesPath, `${fixtures}/**/missing-*/alerts.yml`])).toHaveLength(5);
  });

  it('globs as users expect: symlinked rule files count, * skips dotfiles, braces nest, nothing is skipped by name', () => {
    const root = mkdtempSync(join(tmp, 'globs-'));
    const rules = readFileSync(alertRulesPath, 'utf8');
    mkdirSync(join(root, 'shared'));
    writeFileSync(join(root, 'shared', 'alerts.yml'), rules);
    mkdirSync(join(root, 'ops'));
    symlinkSync(join(root, 'shared', 'alerts.yml'), join(root, 'ops', 'linked.yml'));
    writeFileSync(join(root, 'ops', '.draft.yml'), rules);
    mkdirSync(join(root, 'node_modules', 'rules'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'rules', 'alerts.yml'), rules);
    const names = (pattern: string) => [...new Set(loadAlertRules(pattern, { cwd: root }).map((r) => r.source.file.split('/').slice(-2).join('/')))];
    expect(names('ops/*.yml')).toEqual(['ops/linked.yml']);
    expect(names('{ops/{linked,other},shared/alerts}.yml')).toEqual(['ops/linked.yml', 'shared/alerts.yml']);
    expect(names('node_modules/rules/*.yml')).toEqual(['rules/alerts.yml']);
  });

  it('fails with file:line:column and the parser’s message on a YAML syntax error', () => {
    expect(loadError(`${fixtures}/malformed/syntax.yml`)).toMatch(
      /^test\/fixtures\/monitoring\/malformed\/syntax\.yml:7:1: Flow map in block collection must be sufficiently indented and end with a }$/,
    );
  });

  it('fails with file:line and the field on a Prometheus rule with an unknown field', () => {
    expect(loadError(`${fixtures}/malformed/unknown-field.yml`)).toBe(
      'test/fixtures/monitoring/malformed/unknown-field.yml:9: prometheus rules: groups[0].rules[1].label: unknown field "label"',
    );
  });

  it('fails with file:line and the field on a Grafana rule without a title', () => {
    expect(loadError(`${fixtures}/malformed/grafana-no-title.yaml`)).toMatch(
      /^test\/fixtures\/monitoring\/malformed\/grafana-no-title\.yaml:6: grafana rules: groups\[0\]\.rules\[0\]\.title: /,
    );
  });

  it('fails on a file that is no known alert format, and on a pattern matching nothing', () => {
    const path = join(tmp, 'other.json');
    writeFileSync(path, '{"dashboards": []}');
    expect(loadError(path)).toMatch(/other\.json:1: not an alert rule file/);
    expect(loadError(`${fixtures}/nothing-*.yml`)).toMatch(/matches no file/);
  });
});

describe('loadAlertRules and a file it cannot read', () => {
  it('throws MATCHER_INPUT_UNREADABLE, not ALERT_RULES_INVALID or a bare I/O error', () => {
    // /proc/self/mem exists and is a regular file, but reading it from offset 0 fails (EIO), even as root.
    expect(() => loadAlertRules('/proc/self/mem')).toThrow(
      expect.objectContaining({ code: 'MATCHER_INPUT_UNREADABLE', message: expect.stringMatching(/\/proc\/self\/mem cannot be read/) }),
    );
  });
});
