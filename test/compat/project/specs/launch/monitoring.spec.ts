import { describe, expect, it } from 'vitest';

describe('Monitoring', { tags: ['launch:monitoring'] }, () => {
  it('alerts on the three launch signals', () => {
    expect('ops/alerts.yml').toCoverAlerts(['session_failures', 'webhook_dead_letters', 'reconciliation_backlog']);
  });
});
