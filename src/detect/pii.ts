/**
 * Validators for personal data the detectors find by shape. Each candidate the regexes
 * produce is checked here so near-misses (Luhn-invalid numbers, dates, version strings,
 * timestamps, file names like `icon@2x.png`) are not reported.
 */

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A payment card number: 13–19 digits, one kind of separator at most, an issuer prefix
 * (2–6: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) and a valid
 * Luhn check digit. Millisecond timestamps and ids starting with 1, 7–9 or 0 are not cards.
 */
/** How issuers print card numbers: 4-4-4-4 (and a 19-digit tail), Amex 4-6-5, Diners 4-6-4, 13 digits 4-4-5. */
const CARD_GROUPINGS = new Set(['4,4,4,4', '4,4,4,4,3', '4,6,5', '4,6,4', '4,4,5', '4,4,4,1', '4,4,4,3', '4,4,4,2']);

export function isCardNumber(candidate: string): boolean {
  const seps = candidate.replace(/\d/g, '');
  if (seps && !/^(?: +|-+)$/.test(seps)) return false;
  if (
    seps &&
    !CARD_GROUPINGS.has(
      candidate
        .split(/[ -]/)
        .map((g) => g.length)
        .join(','),
    )
  )
    return false;
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first < 2 || first > 6) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return luhnValid(digits);
}

/** Registered IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed piecewise to stay in integers. */
export function ibanValid(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/**
 * The IBAN at the start of `candidate` (which may run on into following text), as the
 * number of characters it spans, or 0 when there is none.
 */
export function ibanSpan(candidate: string): number {
  const length = IBAN_LENGTHS[candidate.slice(0, 2)];
  if (!length) return 0;
  let compact = '';
  let i = 0;
  for (; i < candidate.length && compact.length < length; i++) {
    const ch = candidate[i]!;
    if (ch !== ' ') compact += ch;
  }
  if (compact.length !== length || !ibanValid(compact)) return 0;
  const next = candidate.charCodeAt(i);
  // A longer alphanumeric run means this was a prefix of something else.
  if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return 0;
  return i;
}

/**
 * A phone number in E.164 (`+14155552671`, `+44 20 7946 0958`) or a common national
 * format: North American `(415) 555-2671` / `415-555-2671` / `415.555.2671`, and
 * trunk-prefixed European numbers (`020 7946 0958`, `06 12 34 56 78`, `030 12345678`).
 */
export function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (candidate.startsWith('+')) {
    if (digits.length < 8 || digits.length > 15) return false;
    // `+44 (0) 20 …` is common; otherwise one separator between digit groups.
    if (/[ .-]{2}/.test(candidate.replace(/\) /g, ')'))) return false;
    return balanced(candidate);
  }
  if (!balanced(candidate)) return false;
  const seps = new Set(candidate.replace(/[\d()]/g, '').replace(/^\s+|\s+$/g, ''));
  const groups = candidate.split(/[^\d]+/).filter(Boolean);
  if (groups.some((g) => g.length < 2)) return false;
  const sep = [...seps].join('');
  if (sep.length > 1 && !(candidate.startsWith('(') && seps.size === 2 && seps.has(' '))) return false;
  // North American Numbering Plan: NXX-NXX-XXXX.
  if (digits.length === 10 && groups.length === 3 && groups[0]!.length === 3 && groups[1]!.length === 3) {
    return /^[2-9]\d\d[2-9]/.test(digits);
  }
  if (candidate.startsWith('(')) return false;
  // Trunk prefix 0 (not 00, the international prefix) and 10–11 digits.
  return /^0[1-9]/.test(digits) && digits.length >= 10 && digits.length <= 11 && groups.length >= 2;
}

function balanced(text: string): boolean {
  const open = text.indexOf('(');
  const close = text.indexOf(')');
  if (open === -1 && close === -1) return true;
  return open !== -1 && close > open + 1 && text.indexOf('(', open + 1) === -1 && text.indexOf(')', close + 1) === -1;
}

const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'avif',
  'ico',
  'bmp',
  'js',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'jsx',
  'css',
  'scss',
  'map',
  'json',
  'html',
  'htm',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp4',
  'webm',
  'mp3',
  'wasm',
  'txt',
]);

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/**
 * The email address around the `@` at `at`, as [start, end), or undefined. Expands by
 * hand from the `@` (a leading character class in a regex would restart at every letter).
 */
export function emailAround(text: string, at: number): [number, number] | undefined {
  let start = at;
  while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
  let end = at + 1;
  while (end < text.length && end - at < 254 && DOMAIN_CHAR.test(text[end]!)) end++;
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  while (start < at && text[start] === '.') start++;
  if (start === at || end === at + 1) return undefined;
  // `https://shop.example@evil.com` is a URL's userinfo, not somebody's address.
  if (text.startsWith('//', start - 2)) return undefined;
  const local = text.slice(start, at);
  const domain = text.slice(at + 1, end);
  if (local.endsWith('.') || local.includes('..')) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => !l || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) return undefined;
  const tld = labels[labels.length - 1]!;
  if (!/^[A-Za-z]{2,24}$/.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase())) return undefined;
  return [start, end];
}
