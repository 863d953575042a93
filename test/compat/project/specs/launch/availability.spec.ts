import { describe, expect, it } from 'vitest';

const capabilities = {
  environment: 'sandbox',
  products: { '0gate': { enabled: true } },
  regions: { EU: { enabled: true } },
  assets: { USDC: { enabled: true } },
  methods: { wallet: { enabled: true } },
  verification: { kyc: { enabled: true }, kyb: { enabled: true } },
};

describe('Availability', { tags: ['launch:availability'] }, () => {
  it('enables what the checkout shows', () => {
    expect(capabilities).toEnable({ environment: 'sandbox', product: '0gate', region: 'EU', asset: 'USDC', method: 'wallet', verification: ['kyc', 'kyb'] });
  });
});
