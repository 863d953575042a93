import { describe, expect, it } from 'vitest';
import { SECRET_KEY } from './values.js';

describe('Credentials', { tags: ['launch:credentials'] }, () => {
  it('keeps the secret key out of the client', async () => {
    await expect(SECRET_KEY).toBeServerSideOnly({ clientDir: 'client' });
  });
  it('uses a sandbox key in sandbox', () => {
    expect(SECRET_KEY).toBeKeyForEnvironment('sandbox');
  });
});
