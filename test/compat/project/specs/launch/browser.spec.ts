import { describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY } from './values.js';

describe('Browser values', { tags: ['launch:browser'] }, () => {
  it('ships only the publishable key', async () => {
    await expect({ clientDir: 'client' }).toExposeOnlyBrowserSafeValues({ publishableKey: PUBLISHABLE_KEY });
  });
});
