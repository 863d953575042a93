import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { WEBHOOK_SECRET } from './values.js';
import { log, seen, webhook } from './webhook-handler.js';

describe('Webhooks', { tags: ['launch:webhooks'] }, () => {
  it('verifies signatures over the raw body', async () => {
    await expect(endpoint(webhook, '/webhooks/0bit')).toVerifyWebhookSignatures({ secret: WEBHOOK_SECRET, effects: () => seen.size });
  });

  it('logs every delivered event with its type', async () => {
    await expect(endpoint(webhook, '/webhooks/0bit')).toLogWebhookEvents({ secret: WEBHOOK_SECRET, log: () => log });
  });
});
