import { describe, expect, it } from 'vitest';

describe('Product surface', { tags: ['launch:product'] }, () => {
  it('launches on 0gate', () => {
    expect('0gate').toBeLaunchableSurface();
  });
});
