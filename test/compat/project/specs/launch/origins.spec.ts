import { describe, expect, it } from 'vitest';

describe('Origins and return URLs', { tags: ['launch:origins'] }, () => {
  it('allows an explicit https list', () => {
    expect(['https://shop.example', 'https://www.shop.example']).toBeExplicitOriginAllowlist({ environment: 'live' });
  });
});
