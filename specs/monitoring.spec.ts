import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRulesPath } from '../examples/merchant/app.js';
import { loadAlertRules } from '0bit-launch';
import { startReferenceApp, type ReferenceApp } from './support/reference-app.js';

describe('Monitoring: alerts for session failures, webhook dead letters, reconciliation backlog', { tags: ['launch:monitoring'] }, () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp();
  });
  afterAll(() => app[Symbol.asyncDispose]());

  it('has an enabled, routed alert rule for each of the three signals', async () => {
    const rules = loadAlertRules(alertRulesPath);
    await expect(rules).toCoverAlerts(['session_failures', 'webhook_dead_letters', 'reconciliation_backlog']);
  });

  it('raises session_failures when checkout sessions keep failing', async () => {
    await expect(async () => {
      for (let i = 0; i < 3; i++) app.sandbox.sessions.fail(app.sandbox.sessions.create({ amount: 500, currency: 'EUR' }).id);
      await app.sandbox.drain();
    }).toRaiseAlert('session_failures', { sink: app.alerts, poll: () => app.merchant.runMonitors(), clock: app.sandbox.clock, withinMs: 60_000 });
  });

  it('raises webhook_dead_letters when 0Bit gives up delivering an event', async () => {
    await expect(async () => {
      app.sandbox.forceDeadLetter(1);
      app.sandbox.sessions.complete(app.sandbox.sessions.create({ amount: 700, currency: 'EUR' }).id);
      await app.sandbox.drain();
    }).toRaiseAlert('webhook_dead_letters', { sink: app.alerts, poll: () => app.merchant.runMonitors(), clock: app.sandbox.clock, withinMs: 60_000 });
  });

  it('raises reconciliation_backlog when completed sessions go unfulfilled', async () => {
    await expect(() => {
      // Completed at 0Bit, but the webhook dead-letters: nothing fulfils it.
      app.sandbox.forceDeadLetter(1);
      app.sandbox.sessions.complete(app.sandbox.sessions.create({ amount: 900, currency: 'EUR' }).id);
      return app.sandbox.drain();
    }).toRaiseAlert('reconciliation_backlog', { sink: app.alerts, poll: () => app.merchant.runMonitors(), clock: app.sandbox.clock, withinMs: 60_000 });
  });
});
