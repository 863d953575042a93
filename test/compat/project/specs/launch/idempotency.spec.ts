import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { WEBHOOK_SECRET } from './values.js';
import { seen, webhook } from './webhook-handler.js';

const sessions = new Map<string, { payload: string; id: string }>();
let created = 0;

/** Opens a checkout session once per key; another payload under a used key is refused. */
async function openSession(key: string, request: { payload: 'original' | 'different' }) {
  const seen = sessions.get(key);
  if (seen) {
    if (seen.payload !== request.payload) throw Object.assign(new Error('key reused with another payload'), { status: 422 });
    return { id: seen.id };
  }
  const id = `ses_${++created}`;
  sessions.set(key, { payload: request.payload, id });
  return { id };
}

describe('Idempotency', { tags: ['launch:idempotency'] }, () => {
  it('opens one session per Idempotency-Key', async () => {
    await expect(openSession).toBeIdempotent({ effects: () => created });
  });

  it('fulfils a redelivered or concurrent event once', async () => {
    await expect(endpoint(webhook, '/webhooks/0bit')).toBeDuplicateSafe({ secret: WEBHOOK_SECRET, effects: () => seen.size });
  });
});
