import { describe, expect, it } from 'vitest';
import { alertRulesPath } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { loadAlertRules, type AlertRule } from '../../src/monitoring/index.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOfSync as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/monitoring';
const SIGNALS = ['session_failures', 'webhook_dead_letters', 'reconciliation_backlog'];

describe('toCoverAlerts', () => {
  it('passes on the reference merchant’s alert rules (the three default signals), recording each covering rule', async ({ task }) => {
    expect(loadAlertRules(alertRulesPath)).toCoverAlerts(SIGNALS);
    expect(loadAlertRules(alertRulesPath)).toCoverAlerts();
    await flushEvidence();
    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({
      matcher: 'toCoverAlerts',
      area: 'monitoring',
      pass: true,
      details: { rules: 3, files: ['examples/merchant/ops/alerts.yml'] },
    });
    expect(evidence?.checks).toEqual([
      { name: 'alert for session_failures', ok: true, detail: 'ZeroBitSessionFailures (examples/merchant/ops/alerts.yml:7, prometheus)' },
      { name: 'alert for webhook_dead_letters', ok: true, detail: 'ZeroBitWebhookDeadLetters (examples/merchant/ops/alerts.yml:18, prometheus)' },
      { name: 'alert for reconciliation_backlog', ok: true, detail: 'ZeroBitReconciliationBacklog (examples/merchant/ops/alerts.yml:29, prometheus)' },
    ]);
  });

  it('accepts a path or glob as the received value', async () => {
    expect(alertRulesPath).toCoverAlerts();
    expect(`${fixtures}/formats/grafana-*.yaml`).toCoverAlerts();
  });

  it('fails on the one-bug fixture whose rules file lacks the reconciliation alert', async () => {
    const message = failure(() => expect(loadAlertRules(`${fixtures}/missing-reconciliation/alerts.yml`)).toCoverAlerts(SIGNALS));
    expect(message).toContain('1 of 3 signal(s) lack a usable alert rule among 2 rule(s): reconciliation_backlog');
    expect(message).toContain('reconciliation_backlog: no alert rule carries the label or tag signal: reconciliation_backlog');
  });

  it('fails on the one-bug fixture whose dead-letter alert is present but disabled, naming file:line', async () => {
    const message = failure(() => expect(loadAlertRules(`${fixtures}/disabled-dead-letters/grafana-alerts.yaml`)).toCoverAlerts(SIGNALS));
    expect(message).toContain(
      'webhook_dead_letters: 0Bit webhook dead letters (test/fixtures/monitoring/disabled-dead-letters/grafana-alerts.yaml:23) disabled',
    );
    expect(message).not.toMatch(/session_failures:|reconciliation_backlog:/);
  });

  it('requires a non-empty expression and a severity or route on the covering rule', async () => {
    const rule = (over: Partial<AlertRule>): AlertRule => ({
      name: 'dead letters',
      signal: 'webhook_dead_letters',
      expr: 'x > 0',
      severity: 'page',
      enabled: true,
      labels: {},
      format: 'json',
      source: { file: 'rules.json', line: 2 },
      ...over,
    });
    const message = failure(() =>
      expect([rule({ expr: '' }), rule({ severity: undefined, source: { file: 'rules.json', line: 3 } })]).toCoverAlerts(['webhook_dead_letters']),
    );
    expect(message).toContain('webhook_dead_letters: dead letters (rules.json:2) has an empty expression');
    expect(message).toContain('has no severity or route');
    expect([rule({ severity: undefined, route: 'payments-oncall' })]).toCoverAlerts(['webhook_dead_letters']);
  });

  it('lists every signal a Datadog export leaves uncovered (a muted monitor covers nothing)', async () => {
    const message = failure(() => expect(`${fixtures}/formats/datadog-monitors.json`).toCoverAlerts());
    expect(message).toContain('reconciliation_backlog: 0Bit reconciliation backlog (test/fixtures/monitoring/formats/datadog-monitors.json:21) disabled');
  });

  it('passes under .not when a signal is missing, and fails under .not when all are covered', async () => {
    expect(`${fixtures}/missing-reconciliation/alerts.yml`).not.toCoverAlerts();
    expect(() => expect(alertRulesPath).not.toCoverAlerts()).toThrow(/every signal .* has an enabled alert rule/);
  });

  it('refuses received values that are not rules, and empty signal lists', async () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isLaunchError(error) ? error.code : 'other';
      }
      return 'passed';
    };
    expect(code(() => expect([{ name: 'x' }]).toCoverAlerts())).toBe('MATCHER_MISUSE');
    expect(code(() => expect(alertRulesPath).toCoverAlerts([]))).toBe('MATCHER_MISUSE');
    expect(code(() => expect(`${fixtures}/malformed/unknown-field.yml`).toCoverAlerts())).toBe('ALERT_RULES_INVALID');
  });
});
