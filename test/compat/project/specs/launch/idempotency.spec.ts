import { describe, expect, it } from 'vitest';

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
});
