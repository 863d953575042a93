/**
 * Credential and PII detectors shared by the matchers and by evidence redaction.
 * Each detector finds spans in text; callers decide whether to report or redact them.
 */
export type DetectorKind =
  | 'secret_key'
  | 'restricted_key'
  | 'publishable_key'
  | 'client_secret'
  | 'webhook_secret'
  | 'private_key'
  | 'jwt'
  | 'bearer_token'
  | 'aws_access_key'
  | 'known_secret'
  | 'email'
  | 'phone'
  | 'card_number'
  | 'iban';

export interface Detection {
  kind: DetectorKind;
  start: number;
  end: number;
  /** The raw match. Internal only: never stored, logged or recorded. */
  value: string;
}

export interface CredentialShapes {
  secretKey: RegExp;
  restrictedKey: RegExp;
  publishableKey: RegExp;
  clientSecret: RegExp;
  webhookSecret: RegExp;
}

export const DEFAULT_SHAPES: CredentialShapes = {
  secretKey: /\bsk_(?:live|sandbox)_[A-Za-z0-9]{16,}\b/g,
  restrictedKey: /\brk_(?:live|sandbox)_[A-Za-z0-9]{16,}\b/g,
  publishableKey: /\bpk_(?:live|sandbox)_[A-Za-z0-9]{16,}\b/g,
  clientSecret: /\b[A-Za-z0-9]+_[A-Za-z0-9]+_secret_[A-Za-z0-9]{16,}\b/g,
  webhookSecret: /\bwhsec_[A-Za-z0-9+/=]{16,}/g,
};

export interface DetectOptions {
  shapes?: Partial<CredentialShapes>;
  /** Exact values to find wherever they appear (e.g. the webhook secret under test). */
  knownSecrets?: readonly string[];
  /** Which detector kinds to run; all by default. */
  kinds?: readonly DetectorKind[];
}

function luhnValid(digits: string): boolean {
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

function collect(text: string, re: RegExp, kind: DetectorKind, out: Detection[], accept?: (m: string) => boolean) {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (const m of text.matchAll(global)) {
    if (accept && !accept(m[0])) continue;
    out.push({ kind, start: m.index, end: m.index + m[0].length, value: m[0] });
  }
}

export function detect(text: string, options: DetectOptions = {}): Detection[] {
  const shapes = { ...DEFAULT_SHAPES, ...options.shapes };
  const want = (k: DetectorKind) => !options.kinds || options.kinds.includes(k);
  const out: Detection[] = [];
  for (const secret of options.knownSecrets ?? []) {
    if (!secret || !want('known_secret')) continue;
    let at = text.indexOf(secret);
    while (at !== -1) {
      out.push({ kind: 'known_secret', start: at, end: at + secret.length, value: secret });
      at = text.indexOf(secret, at + secret.length);
    }
  }
  if (want('secret_key')) collect(text, shapes.secretKey, 'secret_key', out);
  if (want('restricted_key')) collect(text, shapes.restrictedKey, 'restricted_key', out);
  if (want('publishable_key')) collect(text, shapes.publishableKey, 'publishable_key', out);
  if (want('client_secret')) collect(text, shapes.clientSecret, 'client_secret', out);
  if (want('webhook_secret')) collect(text, shapes.webhookSecret, 'webhook_secret', out);
  if (want('private_key')) collect(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, 'private_key', out);
  if (want('jwt')) collect(text, /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, 'jwt', out);
  if (want('bearer_token')) collect(text, /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, 'bearer_token', out);
  if (want('aws_access_key')) collect(text, /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, 'aws_access_key', out);
  if (want('email')) collect(text, /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, 'email', out);
  if (want('card_number'))
    collect(text, /\b\d(?:[ -]?\d){12,18}\b/g, 'card_number', out, (m) => luhnValid(m.replace(/[ -]/g, '')));
  if (want('phone')) collect(text, /(?<![\w+])\+[1-9]\d{7,14}\b/g, 'phone', out);
  return dedupe(out);
}

/** Keeps the earliest, longest span where detections overlap. */
function dedupe(found: Detection[]): Detection[] {
  const sorted = found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Detection[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last && d.start < last.end) continue;
    out.push(d);
  }
  return out;
}
