import { describe, expect, it } from 'vitest';
import { detectClaims } from '../../src/claims/detect.js';

const found = (text: string) => detectClaims(text).map((m) => `${m.kind}: ${m.phrase}`);

describe('detectClaims: permanent region availability claims', () => {
  it.each([
    ['Pay with crypto — available in all EU countries.', 'available in all EU countries'],
    ['Now in Germany, France and Spain!', 'Now in Germany, France and Spain'],
    ['Supported worldwide', 'Supported worldwide'],
    ['Available in the EU', 'Available in the EU'],
    ['Available in the United States and the United Kingdom.', 'Available in the United States and the United Kingdom'],
    ['Now available in DE, AT and CH.', 'Now available in DE, AT and CH'],
    ['Accepted in 50+ countries', 'Accepted in 50+ countries'],
    ['Pay from anywhere in the world.', 'Pay from anywhere in the world'],
    ['Not available in Japan.', 'Not available in Japan'],
    ['Coming soon to Canada and Mexico', 'Coming soon to Canada and Mexico'],
    ['In allen EU-Ländern verfügbar', 'In allen EU-Ländern verfügbar'],
    ['Jetzt in Deutschland, Frankreich und Spanien', 'Jetzt in Deutschland, Frankreich und Spanien'],
    ['Weltweit verfügbar', 'Weltweit verfügbar'],
    ['Zahlungen sind in Deutschland, Österreich und der Schweiz ab sofort verfügbar.', 'in Deutschland, Österreich und der Schweiz ab sofort verfügbar'],
    ['Jetzt in der EU verfügbar', 'Jetzt in der EU verfügbar'],
    ['Jetzt auch in den Vereinigten Staaten erhältlich', 'Jetzt auch in den Vereinigten Staaten erhältlich'],
    ['Derzeit nicht in Japan verfügbar.', 'nicht in Japan verfügbar'],
    ['Kryptozahlung: in über 100 Ländern nutzbar', 'in über 100 Ländern nutzbar'],
  ])('%s', (text, phrase) => {
    expect(found(text)).toEqual([`region_claim: ${phrase}`]);
  });
});

describe('detectClaims: exact verification-outcome promises', () => {
  it.each([
    ['Instant approval', 'Instant approval'],
    ['Guaranteed verification', 'Guaranteed verification'],
    ['Verified in 2 minutes', 'Verified in 2 minutes'],
    ['Get verified instantly.', 'verified instantly'],
    ['Your KYC check is completed within 24 hours.', 'KYC check is completed within 24 hours'],
    ['Everyone is approved.', 'Everyone is approved'],
    ['Identity verification: no rejections.', 'Identity verification: no rejections'],
    ['Sofortige Freigabe Ihres Kontos', 'Sofortige Freigabe'],
    ['Verifizierung in 2 Minuten', 'Verifizierung in 2 Minuten'],
    ['Sofortfreigabe für alle Geschäftskunden', 'Sofortfreigabe'],
    ['Ihre Identitätsprüfung ist garantiert erfolgreich.', 'Identitätsprüfung ist garantiert'],
  ])('%s', (text, phrase) => {
    expect(found(text)).toEqual([`verification_promise: ${phrase}`]);
  });
});

describe('detectClaims: ordinary copy passes', () => {
  it.each([
    'EU VAT included',
    'Prices include VAT for all EU countries.',
    'Free shipping available in all EU countries.',
    'We ship to all EU countries, the United Kingdom, Switzerland and Norway.',
    'Express delivery is available in Germany for €12.90.',
    'Available in EU sizes 36 to 46.',
    'Erhältlich in den EU-Größen 36 bis 46.',
    'Available in black, white and red.',
    'Expressversand ist innerhalb Deutschlands für 12,90 € verfügbar.',
    'Lieferung in alle EU-Länder',
    'Made in Germany.',
    'Our servers are located in the European Union.',
    'The law of the Federal Republic of Germany applies.',
    'Verification usually takes 2 business days.',
    'Most checks finish quickly; some need a manual review.',
    'Please verify your email address within 24 hours.',
    'Bitte bestätigen Sie Ihre E-Mail-Adresse innerhalb von 24 Stunden.',
    'Die Verifizierung ist ab sofort verfügbar.',
    'Auf Lager, sofort versandfertig',
    '128 verified reviews',
    'If not all available countries are shown, type in a name.',
    'AR function enabled when presented in the storefront',
    'Payment options depend on your country; you will see yours at checkout.',
    'Welche Zahlungsarten Sie nutzen können, hängt von Ihrem Land ab; Sie sehen sie an der Kasse.',
    'Refunds are approved within 14 days.',
    'Identity verification is always required for business accounts.',
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('detectClaims: offsets and languages', () => {
  it('gives the phrase’s offsets in the text and the clause it stands in', () => {
    const text = 'Shop with us. Pay with 0Bit — available in all EU countries. Returns are free.';
    const [match] = detectClaims(text);
    expect(text.slice(match!.start, match!.end)).toBe('available in all EU countries');
    expect(match!.clause).toBe('Pay with 0Bit — available in all EU countries');
    expect(match!.language).toBe('en');
  });

  it('reads only the languages asked for', () => {
    expect(detectClaims('Weltweit verfügbar', ['en'])).toEqual([]);
    expect(detectClaims('Weltweit verfügbar', ['de'])).toHaveLength(1);
  });
});
