/**
 * The only form in which a secret or PII value may leave the scanner:
 * a recognisable prefix and the last four characters (`sk_live_…9f2c`).
 */
export function maskValue(value: string): string {
  const prefix = /^(?:[a-z]{2,6}_(?:live|sandbox|test)_|whsec_|[a-z]{2,6}_)/i.exec(value)?.[0] ?? '';
  const tail = value.length - prefix.length > 8 ? value.slice(-4) : '';
  return `${prefix}…${tail}`;
}
