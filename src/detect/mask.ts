import type { DetectorKind } from './detectors.js';

const PREFIX = /^(?:[a-z]{2,6}_(?:live|sandbox|test)_|whsec_|[a-z]{2,12}_|eyJ|AKIA|ASIA)/i;
const PEM_HEADER = /^-----BEGIN [A-Z0-9 ]*-----/;

/**
 * The only form in which a secret or PII value may leave the scanner: a recognisable
 * prefix and the last four characters (`sk_live_…9f2c`). Values too short to spare four
 * characters show the prefix alone; PEM keys show their header line.
 */
export function maskValue(value: string, kind?: DetectorKind): string {
  const pem = PEM_HEADER.exec(value)?.[0];
  if (pem) return `${pem}…`;
  const prefix = kind === 'iban' ? value.slice(0, 2) : kind === 'email' || kind === 'phone' || kind === 'card_number' ? '' : (PREFIX.exec(value)?.[0] ?? '');
  const tail = value.length - prefix.length > 8 ? value.slice(-4) : '';
  return `${prefix}…${tail}`;
}
