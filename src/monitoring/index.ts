export { loadAlertRules, type LoadAlertRulesOptions } from './load.js';
export { alertCoverage, ruleDefects, type SignalCoverage } from './coverage.js';
export { runFireDrill, alertSignals, type AlertSink, type FireDrillOptions, type FireDrillResult } from './drill.js';
export { alertRuleSchema, DEFAULT_SIGNALS, DEFAULT_SIGNAL_LABEL, ALERT_RULE_FORMATS, type AlertRule, type AlertRuleFormat } from './rules.js';
