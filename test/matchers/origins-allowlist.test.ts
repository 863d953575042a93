import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { SHOP } from '../fixtures/client/reference.js';
import { failureOfSync as failure } from '../support/failure.js';

describe('toBeExplicitOriginAllowlist', { tags: ['launch:origins'] }, () => {
  it('passes for the reference merchant’s live allowlist and its sandbox one', () => {
    expect([SHOP]).toBeExplicitOriginAllowlist({ environment: 'live' });
    expect('http://localhost:4242, https://shop.example').toBeExplicitOriginAllowlist({ environment: 'sandbox' });
    expect(new Set([SHOP, 'https://admin.shop.example'])).toBeExplicitOriginAllowlist({ environment: 'live' });
  });

  it('negates: .not passes on a wildcard list and fails on an explicit https one', () => {
    expect(['https://*.shop.example']).not.toBeExplicitOriginAllowlist({ environment: 'live' });
    const message = failure(() => expect([SHOP]).not.toBeExplicitOriginAllowlist({ environment: 'live' }));
    expect(message).toContain('.not.toBeExplicitOriginAllowlist');
  });

  it('names every problem of a bad live allowlist', () => {
    const message = failure(() =>
      expect([
        '*.example',
        'http://shop.example',
        'https://localhost:3000',
        'https://10.0.0.5',
        'https://shop.example/',
        'https://SHOP.example:443',
        'null',
        'https://user@shop.example',
        'shop.example',
      ]).toBeExplicitOriginAllowlist({ environment: 'live' }),
    );
    for (const line of [
      '"*.example": wildcard',
      '"http://shop.example": plain http in live',
      '"https://localhost:3000": local or private host localhost in live',
      '"https://10.0.0.5": IP address 10.0.0.5 in live',
      '"https://shop.example/": has a path, query or fragment (/)',
      '"https://SHOP.example:443": duplicate of "https://shop.example/" once normalised (https://shop.example)',
      '"null": "null" admits sandboxed iframes',
      '"https://user@shop.example": has userinfo',
      '"shop.example": not an origin',
    ]) {
      expect(message).toContain(line);
    }
  });

  it('keeps wildcards, paths and duplicates out of sandbox too, and fails on an empty list', () => {
    expect(failure(() => expect(['https://*.shop.example']).toBeExplicitOriginAllowlist({ environment: 'sandbox' }))).toContain('wildcard');
    expect(failure(() => expect(['http://localhost:4242', 'http://LOCALHOST:4242']).toBeExplicitOriginAllowlist({ environment: 'sandbox' }))).toContain(
      'duplicate',
    );
    expect(failure(() => expect([]).toBeExplicitOriginAllowlist({ environment: 'live' }))).toContain('the allowlist is empty');
  });

  it('refuses misuse', () => {
    for (const bad of [
      () => expect([SHOP]).toBeExplicitOriginAllowlist({ environment: 'prod' as 'live' }),
      () => expect(42).toBeExplicitOriginAllowlist({ environment: 'live' }),
    ]) {
      let error: unknown;
      try {
        bad();
      } catch (e) {
        error = e;
      }
      expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
    }
  });
});
