import { readFileSync } from 'node:fs';
import nock from 'nock';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertRulesPath } from '../../examples/merchant/app.js';
import { API_BASE, createHarness, isolateNetwork, sessionEvent, zeroBitSession } from './harness.js';

let restoreNetwork: () => void;
beforeAll(() => void (restoreNetwork = isolateNetwork()));
afterEach(() => nock.cleanAll());
afterAll(() => restoreNetwork());

const HOUR = 60 * 60 * 1000;

function zeroBit({ deadLetters = 0, completed = [] as ReturnType<typeof zeroBitSession>[] } = {}) {
  return nock(API_BASE)
    .get('/v1/webhooks/dead_letters')
    .reply(200, {
      data: Array.from({ length: deadLetters }, (_, i) => ({
        eventId: `evt_dead${i}`,
        type: 'session.completed',
        attempts: 5,
        lastStatus: 500,
        deadLetteredAt: '2026-03-01T11:00:00Z',
      })),
    })
    .get('/v1/sessions')
    .query({ status: 'completed' })
    .reply(200, { data: completed });
}

const bySignal = (results: Array<{ signal: string; value: number; fired: boolean }>) => Object.fromEntries(results.map((r) => [r.signal, r]));

describe('runMonitors', () => {
  it('reports all three signals quiet on a healthy shop', async () => {
    const h = createHarness();
    zeroBit();
    const results = await h.merchant.runMonitors();
    expect(results.map((r) => [r.signal, r.value, r.fired])).toEqual([
      ['session_failures', 0, false],
      ['webhook_dead_letters', 0, false],
      ['reconciliation_backlog', 0, false],
    ]);
    expect(h.alerts).toEqual([]);
  });

  it('fires session_failures at 3 failures within the last hour of the virtual clock, and clears after it', async () => {
    const h = createHarness();
    for (let i = 0; i < 2; i++) await h.deliver(JSON.stringify(sessionEvent('session.failed', zeroBitSession())));
    zeroBit();
    expect(bySignal(await h.merchant.runMonitors()).session_failures).toMatchObject({ value: 2, fired: false });

    h.clock.advance(30 * 60 * 1000);
    await h.deliver(JSON.stringify(sessionEvent('session.failed', zeroBitSession())));
    zeroBit();
    expect(bySignal(await h.merchant.runMonitors()).session_failures).toMatchObject({ value: 3, fired: true });
    expect(h.alerts).toEqual([{ signal: 'session_failures', value: 3, threshold: 3, at: new Date(h.clock.now()).toISOString() }]);

    h.clock.advance(HOUR - 29 * 60 * 1000);
    zeroBit();
    expect(bySignal(await h.merchant.runMonitors()).session_failures).toMatchObject({ value: 1, fired: false });
    expect(h.alerts).toHaveLength(1);
  });

  it('fires webhook_dead_letters from 0Bit’s dead-letter queue', async () => {
    const h = createHarness();
    zeroBit({ deadLetters: 2 });
    expect(bySignal(await h.merchant.runMonitors()).webhook_dead_letters).toMatchObject({ value: 2, fired: true });
    expect(h.alerts.map((a) => a.signal)).toEqual(['webhook_dead_letters']);
  });

  it('fires reconciliation_backlog for sessions 0Bit completed that were never fulfilled', async () => {
    const h = createHarness();
    const fulfilled = zeroBitSession({ status: 'completed' });
    const missed = zeroBitSession({ status: 'completed' });
    await h.deliver(JSON.stringify(sessionEvent('session.completed', fulfilled)));
    zeroBit({ completed: [fulfilled, missed] });
    expect(bySignal(await h.merchant.runMonitors()).reconciliation_backlog).toMatchObject({ value: 1, fired: true });

    await h.deliver(JSON.stringify(sessionEvent('session.completed', missed)));
    zeroBit({ completed: [fulfilled, missed] });
    expect(bySignal(await h.merchant.runMonitors()).reconciliation_backlog).toMatchObject({ value: 0, fired: false });
  });

  it('honours custom thresholds', async () => {
    const h = createHarness({ alertThresholds: { deadLetters: 5 } });
    zeroBit({ deadLetters: 4 });
    expect(bySignal(await h.merchant.runMonitors()).webhook_dead_letters).toMatchObject({ value: 4, threshold: 5, fired: false });
  });

  it('fails loudly when a signal cannot be read, after alerting on the ones it could', async () => {
    const h = createHarness();
    nock(API_BASE)
      .get('/v1/webhooks/dead_letters')
      .reply(500, { error: { type: 'internal', message: 'x' } })
      .get('/v1/sessions')
      .query({ status: 'completed' })
      .reply(200, { data: [zeroBitSession({ status: 'completed' })] });
    await expect(h.merchant.runMonitors()).rejects.toThrow(/webhook_dead_letters/);
    expect(h.alerts.map((a) => a.signal)).toEqual(['reconciliation_backlog']);
  });

  it('exports the last readings as Prometheus gauges named in ops/alerts.yml', async () => {
    const h = createHarness();
    zeroBit({ deadLetters: 1 });
    await h.merchant.runMonitors();
    const text = await (await h.merchant.app.request('/metrics')).text();
    expect(text).toContain('merchant_0bit_webhook_dead_letters 1\n');
    const rules = parse(readFileSync(alertRulesPath, 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      const metric = /max\((\w+)\)/.exec(rule.expr)?.[1];
      expect(text).toContain(`${metric} `);
    }
  });
});

describe('ops/alerts.yml', () => {
  const rules = (
    parse(readFileSync(alertRulesPath, 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }> }>;
    }
  ).groups.flatMap((g) => g.rules);

  it('has one rule per signal with expr, for, severity and annotations', () => {
    expect(rules.map((r) => r.labels.signal).sort()).toEqual(['reconciliation_backlog', 'session_failures', 'webhook_dead_letters']);
    for (const rule of rules) {
      expect(rule.expr).toMatch(/>=\s*\d+$/);
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(rule.labels.severity).toMatch(/^(page|ticket)$/);
      expect(rule.annotations.summary).toBeTruthy();
      expect(rule.annotations.runbook_url).toMatch(/^ops\/runbook\.md#/);
    }
  });

  it('uses the same thresholds as the app’s defaults', () => {
    const threshold = (signal: string) => Number(/>=\s*(\d+)$/.exec(rules.find((r) => r.labels.signal === signal)!.expr)![1]);
    expect([threshold('session_failures'), threshold('webhook_dead_letters'), threshold('reconciliation_backlog')]).toEqual([3, 1, 1]);
  });
});
