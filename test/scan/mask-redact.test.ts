import { describe, expect, it } from 'vitest';
import { maskValue } from '../../src/detect/mask.js';
import { redactText } from '../../src/scan/redact.js';
import { JWT, PEM } from './corpus.js';

describe('maskValue', () => {
  it('keeps a recognisable prefix and the last four characters', () => {
    expect(maskValue('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('sk_live_…p7dc');
    expect(maskValue('ses_Q2w3E4r5T6y7U8i9O0pAsDfG_secret_Zx1Cv2Bn3Mq4Wr5Ty6Ui7Op8')).toBe('ses_…7Op8');
    expect(maskValue('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe('whsec_…LaSw');
    expect(maskValue('4242 4242 4242 4242', 'card_number')).toBe('…4242');
    expect(maskValue('GB82WEST12345698765432', 'iban')).toBe('GB…5432');
    expect(maskValue('jane.doe@gmail.com', 'email')).toBe('….com');
    expect(maskValue(PEM)).toBe('-----BEGIN PRIVATE KEY-----…');
    expect(maskValue(JWT)).toBe('eyJ…sw5c');
  });

  it('shows no tail for values too short to spare four characters', () => {
    expect(maskValue('sk_live_abc')).toBe('sk_live_…');
    expect(maskValue('hunter2')).toBe('…');
  });
});

describe('redactText', () => {
  it('masks secrets and PII, keeps publishable keys readable', () => {
    const text = 'key sk_live_4eC39HqLyjWDarjtT1zdp7dc pk pk_live_TYooMQauvdEDq54NiTphI7jx mail jane.doe@gmail.com';
    expect(redactText(text)).toBe('key sk_live_…p7dc pk pk_live_TYooMQauvdEDq54NiTphI7jx mail ….com');
  });

  it('masks known secrets in encoded forms, replacing the whole encoded span', () => {
    const secret = 'merchant-signing-token-7f3a9c';
    const out = redactText(`b=${Buffer.from(secret).toString('base64')} h=${Buffer.from(secret).toString('hex')}`, { knownSecrets: [secret] });
    expect(out).not.toContain(Buffer.from(secret).toString('hex'));
    expect(out).not.toMatch(/bWVyY2hhbnQtc2lnbmluZy/);
    // The last base64 characters also encode what follows the secret, so they stay.
    expect(out).toBe('b=…3a9cM= h=…3a9c');
  });
});

describe('redactText and 0Bit’s own addresses', () => {
  it('keeps support@0bit.io readable and masks every other address', () => {
    expect(redactText('write to support@0bit.io, not jane.doe@gmail.com')).toBe('write to support@0bit.io, not ….com');
  });
});
