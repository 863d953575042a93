/**
 * Credential and PII detectors shared by the matchers and by evidence redaction.
 * Each detector finds spans in text; callers decide whether to report or redact them.
 * Regexes are compiled once per set of shapes; PII candidates are validated in pii.ts.
 */
import { concatenationChains, decodePrintableBase64, encodedVariants, type Encoding } from './encodings.js';
import { emailAround, ibanSpan, isCardNumber, isPhoneNumber } from './pii.js';

export type { Encoding } from './encodings.js';

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
  | 'aws_secret_key'
  | 'known_secret'
  | 'email'
  | 'phone'
  | 'card_number'
  | 'iban';

/** Credentials that must never reach a browser, a runbook or a log. */
export const SECRET_KINDS: readonly DetectorKind[] = [
  'secret_key',
  'restricted_key',
  'webhook_secret',
  'private_key',
  'jwt',
  'bearer_token',
  'aws_access_key',
  'aws_secret_key',
  'known_secret',
];
/** Every credential kind, including the two that are browser-safe by design. */
export const CREDENTIAL_KINDS: readonly DetectorKind[] = [...SECRET_KINDS, 'publishable_key', 'client_secret'];
export const PII_KINDS: readonly DetectorKind[] = ['email', 'phone', 'card_number', 'iban'];

export interface Detection {
  kind: DetectorKind;
  /** Span in the scanned text (for an encoded value, the encoded span). */
  start: number;
  end: number;
  /** The raw (decoded) match. Internal only: never stored, logged or recorded. */
  value: string;
  /** How the value was encoded where it was found; absent when it was plain. */
  encoding?: Encoding;
  /** The value is one of the `knownSecrets` the caller named. */
  known?: boolean;
}

export interface CredentialShapes {
  secretKey: RegExp;
  restrictedKey: RegExp;
  publishableKey: RegExp;
  clientSecret: RegExp;
  webhookSecret: RegExp;
}

export type ShapeName = keyof CredentialShapes;

/** 0Bit's documented credential shapes. */
export const DEFAULT_SHAPES: CredentialShapes = {
  secretKey: /\bsk_(?:live|sandbox)_[A-Za-z0-9]{16,}/g,
  restrictedKey: /\brk_(?:live|sandbox)_[A-Za-z0-9]{16,}/g,
  publishableKey: /\bpk_(?:live|sandbox)_[A-Za-z0-9]{16,}/g,
  clientSecret: /\b[a-z]{2,12}_[A-Za-z0-9]{4,64}_secret_[A-Za-z0-9]{12,}/g,
  webhookSecret: /\bwhsec_[A-Za-z0-9+/]{16,}={0,2}/g,
};

export interface DetectOptions {
  /** Credential shapes that differ from the defaults (a RegExp or a regex source). */
  shapes?: Partial<Record<ShapeName, RegExp | string>>;
  /** Exact values to find wherever they appear, plain or encoded (e.g. the key under test). */
  knownSecrets?: readonly string[];
  /** Which detector kinds to run; all by default. */
  kinds?: readonly DetectorKind[];
  /** Also look inside base64 string literals and `"a"+"b"` concatenations (default true). */
  decode?: boolean;
}

interface Pattern {
  kind: DetectorKind;
  re: RegExp;
}

/**
 * A built-in detector as a regex source without capture groups, except `(?<v>…)` around
 * the value when the match carries context (`Bearer …`). Built-ins are joined into one
 * alternation, so the text is read once for all of them.
 */
interface Part {
  kind: DetectorKind;
  source: string;
  /** The default shape this part stands for; a configured shape replaces it. */
  shape?: ShapeName;
  /**
   * Parts are joined per pass: V8 runs two alternations whose first characters differ
   * (lower-case prefixes; upper-case and punctuation) faster than one holding both.
   */
  pass: 1 | 2;
}

const CREDENTIAL_PARTS: readonly Part[] = [
  { kind: 'secret_key', pass: 1, shape: 'secretKey', source: String.raw`\bsk_(?:live|sandbox)_[A-Za-z0-9]{16,}` },
  { kind: 'restricted_key', pass: 1, shape: 'restrictedKey', source: String.raw`\brk_(?:live|sandbox)_[A-Za-z0-9]{16,}` },
  { kind: 'publishable_key', pass: 1, shape: 'publishableKey', source: String.raw`\bpk_(?:live|sandbox)_[A-Za-z0-9]{16,}` },
  { kind: 'webhook_secret', pass: 1, shape: 'webhookSecret', source: String.raw`\bwhsec_[A-Za-z0-9+/]{16,}={0,2}` },
  {
    kind: 'private_key',
    pass: 2,
    source: String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,12000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?`,
  },
  { kind: 'jwt', pass: 1, source: String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}` },
  { kind: 'bearer_token', pass: 2, source: String.raw`\b[Bb]earer[ \t]+(?<v>[A-Za-z0-9._~+/-]{16,}=*)` },
  { kind: 'aws_access_key', pass: 2, source: String.raw`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b` },
  {
    kind: 'aws_secret_key',
    pass: 2,
    source: String.raw`\b(?:aws_?secret_?access_?key|AWS_?SECRET_?ACCESS_?KEY|[Aa]wsSecretAccessKey)["']?\s*[:=]\s*["']?(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])`,
  },
];

interface Alternation {
  re: RegExp;
  parts: readonly Part[];
  /** Every kind a match can have, to skip the pass when none is wanted. */
  kinds: readonly DetectorKind[];
}

/** While the three key shapes are the defaults they share one part: `\b[srp]k_…`. */
const DEFAULT_KEYS: Part = { kind: 'secret_key', pass: 1, source: String.raw`\b[srp]k_(?:live|sandbox)_[A-Za-z0-9]{16,}` };
const KEY_KINDS: Readonly<Record<string, DetectorKind>> = { s: 'secret_key', r: 'restricted_key', p: 'publishable_key' };

function alternation(parts: readonly Part[]): Alternation {
  const sources = parts.map((part, i) => `(?<k${i}>${part.source.replace('(?<v>', `(?<v${i}>`)})`);
  const kinds = parts.flatMap((p) => (p === DEFAULT_KEYS ? Object.values(KEY_KINDS) : [p.kind]));
  return { re: new RegExp(sources.join('|'), 'g'), parts, kinds };
}

function runAlternation(text: string, alt: Alternation, wants: (k: DetectorKind) => boolean, out: Detection[]): void {
  alt.re.lastIndex = 0;
  for (let m = alt.re.exec(text); m; m = alt.re.exec(text)) {
    const groups = m.groups!;
    const i = alt.parts.findIndex((_, k) => groups[`k${k}`] !== undefined);
    const part = alt.parts[i]!;
    const value = groups[`v${i}`] ?? m[0];
    const kind = part === DEFAULT_KEYS ? KEY_KINDS[value[0]!]! : part.kind;
    if (!wants(kind)) continue;
    const start = m.index + m[0].length - value.length;
    out.push({ kind, start, end: start + value.length, value });
  }
}

/** Card numbers and phone numbers share one pass over digit runs; validators decide. */
const DIGITS = new RegExp(
  [
    String.raw`(?<card>(?<![A-Za-z0-9_.-])[2-6]\d{3}(?:[ -]?\d){9,21}(?![A-Za-z0-9_]))`,
    String.raw`(?<phone>(?<![\w+])(?:\+[1-9]|\(\d)[\d ().-]{6,22}\d(?!\w)`,
    String.raw`(?<![\w+.\/:-])(?:\d{2,5}[ .-]\d{2,8}(?:[ .-]\d{2,8}){1,3}|0\d{1,4}[ .-]\d{5,8})(?![\w\/:]|[.-]\d))`,
  ].join('|'),
  'g',
);
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}/g;

/** Higher wins when two detections cover the same span. */
const PRIORITY: Readonly<Record<DetectorKind, number>> = {
  known_secret: 9,
  private_key: 8,
  secret_key: 7,
  restricted_key: 7,
  webhook_secret: 7,
  client_secret: 7,
  publishable_key: 7,
  aws_access_key: 6,
  aws_secret_key: 6,
  jwt: 5,
  bearer_token: 4,
  card_number: 3,
  iban: 3,
  email: 2,
  phone: 1,
};

interface Compiled {
  builtins: Alternation[];
  /** Configured shapes, each its own pass (their sources may hold groups of their own). */
  custom: Pattern[];
  /** A configured client-secret shape; the default one is found from its `_secret_` anchor. */
  clientSecret?: Pattern;
}

let defaultCompiled: Compiled | undefined;
const compiledByShapes = new WeakMap<object, Compiled>();

function toGlobal(re: RegExp | string): RegExp {
  if (typeof re === 'string') return new RegExp(re, 'g');
  return re.flags.includes('g') ? re : new RegExp(re.source, `${re.flags}g`);
}

function compile(overrides: DetectOptions['shapes']): Compiled {
  if (!overrides) return (defaultCompiled ??= build(undefined));
  let compiled = compiledByShapes.get(overrides);
  if (!compiled) compiledByShapes.set(overrides, (compiled = build(overrides)));
  return compiled;
}

function build(overrides: DetectOptions['shapes']): Compiled {
  const configured = (name: ShapeName | undefined) => name !== undefined && overrides?.[name] !== undefined;
  const custom: Pattern[] = CREDENTIAL_PARTS.filter((p) => configured(p.shape)).map((p) => ({
    kind: p.kind,
    re: toGlobal(overrides![p.shape!]!),
  }));
  const clientSecret = configured('clientSecret') ? { kind: 'client_secret' as const, re: toGlobal(overrides!.clientSecret!) } : undefined;
  const keyShapes: ShapeName[] = ['secretKey', 'restrictedKey', 'publishableKey'];
  const defaultKeys = !keyShapes.some(configured);
  const builtin = [
    ...(defaultKeys ? [DEFAULT_KEYS] : []),
    ...CREDENTIAL_PARTS.filter((p) => !configured(p.shape) && !(defaultKeys && p.shape !== undefined && keyShapes.includes(p.shape))),
  ];
  const builtins = [1, 2].map((pass) => builtin.filter((p) => p.pass === pass)).filter((parts) => parts.length > 0).map(alternation);
  return { builtins, custom, clientSecret };
}

/** The credential kind a value has on its own (e.g. `sk_live_…` is a secret key). */
export function classify(value: string, options: Pick<DetectOptions, 'shapes'> = {}): DetectorKind | undefined {
  const found = detect(value, { shapes: options.shapes, kinds: CREDENTIAL_KINDS, decode: false });
  const whole = found.find((d) => d.start === 0 && d.end === value.length);
  return whole?.kind;
}

/** `live` or `sandbox` when the value's shape says so (`sk_live_…`, `pk_sandbox_…`). */
export function environmentOf(value: string): 'live' | 'sandbox' | undefined {
  if (/^[A-Za-z]+_live_/.test(value)) return 'live';
  if (/^[A-Za-z]+_(?:sandbox|test)_/.test(value)) return 'sandbox';
  return undefined;
}

function runPattern(text: string, p: Pattern, out: Detection[]): void {
  p.re.lastIndex = 0;
  for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
    if (m[0].length === 0) {
      p.re.lastIndex++;
      continue;
    }
    out.push({ kind: p.kind, start: m.index, end: m.index + m[0].length, value: m[0] });
  }
}

const SECRET_ANCHOR = /_secret_[A-Za-z0-9]{12,}/g;
const CLIENT_SECRET_HEAD = /\b[a-z]{2,12}_[A-Za-z0-9]{4,64}$/;

/**
 * The default client-secret shape (`ses_<id>_secret_<random>`), found from its literal
 * middle: a regex that starts with a letter class restarts at every word, one that starts
 * with `_secret_` skips through the text.
 */
function runDefaultClientSecrets(text: string, out: Detection[]): void {
  SECRET_ANCHOR.lastIndex = 0;
  for (let m = SECRET_ANCHOR.exec(text); m; m = SECRET_ANCHOR.exec(text)) {
    const head = CLIENT_SECRET_HEAD.exec(text.slice(Math.max(0, m.index - 80), m.index))?.[0];
    if (!head) continue;
    const start = m.index - head.length;
    if (start > 0 && /\w/.test(text[start - 1]!)) continue; // the window cut a longer word
    out.push({ kind: 'client_secret', start, end: m.index + m[0].length, value: head + m[0] });
  }
}

/**
 * A digit run may hold a card followed by more digits (`4242 4242 4242 4242 12/28`):
 * try each group boundary, longest first, until one is a valid card number.
 */
function cardIn(run: string): string | undefined {
  for (let end = run.length; end >= 13; end--) {
    if (end < run.length && /\d/.test(run[end]!)) continue;
    const candidate = run.slice(0, end);
    if (/[ -]$/.test(candidate)) continue;
    if (isCardNumber(candidate)) return candidate;
  }
  return undefined;
}

function runDigits(text: string, wants: (k: DetectorKind) => boolean, out: Detection[]): void {
  const cards = wants('card_number');
  const phones = wants('phone');
  if (!cards && !phones) return;
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m; m = DIGITS.exec(text)) {
    const value = m[0];
    if (m.groups!.card !== undefined) {
      // Digits after `DE89 ` are an account number inside an IBAN, valid or not.
      const inIban = /[A-Z]{2}\d{2} ?$/.test(text.slice(Math.max(0, m.index - 5), m.index));
      const card = cards && !inIban ? cardIn(value) : undefined;
      if (card) out.push({ kind: 'card_number', start: m.index, end: m.index + card.length, value: card });
    } else if (phones && isPhoneNumber(value)) {
      out.push({ kind: 'phone', start: m.index, end: m.index + value.length, value });
    } else {
      DIGITS.lastIndex = m.index + 1; // a shorter candidate may start inside this one
    }
  }
}

function runIban(text: string, out: Detection[]): void {
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m; m = IBAN.exec(text)) {
    const span = ibanSpan(m[0]);
    if (span > 0) out.push({ kind: 'iban', start: m.index, end: m.index + span, value: m[0].slice(0, span) });
    else IBAN.lastIndex = m.index + 1;
  }
}

function runEmail(text: string, out: Detection[]): void {
  let covered = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at < covered) continue;
    const span = emailAround(text, at);
    if (!span) continue;
    out.push({ kind: 'email', start: span[0], end: span[1], value: text.slice(span[0], span[1]) });
    covered = span[1];
  }
}

interface KnownVariant {
  text: string;
  value: string;
  kind: DetectorKind;
  encoding?: Encoding;
}

const knownVariantsCache = new Map<string, KnownVariant[]>();

/** Every searchable form of every known secret; long literals make `indexOf` fast. */
function knownVariants(values: readonly string[], shapes: DetectOptions['shapes']): KnownVariant[] {
  const cacheKey = shapes ? undefined : values.join('\u0000');
  const cached = cacheKey === undefined ? undefined : knownVariantsCache.get(cacheKey);
  if (cached) return cached;
  const variants: KnownVariant[] = [];
  for (const value of values) {
    const kind = classify(value, { shapes }) ?? 'known_secret';
    for (const v of encodedVariants(value)) variants.push({ text: v.text, value, kind, ...(v.encoding ? { encoding: v.encoding } : {}) });
  }
  if (cacheKey !== undefined) {
    if (knownVariantsCache.size > 64) knownVariantsCache.clear();
    knownVariantsCache.set(cacheKey, variants);
  }
  return variants;
}

function runKnown(text: string, variants: readonly KnownVariant[], out: Detection[]): void {
  for (const v of variants) {
    for (let at = text.indexOf(v.text); at !== -1; at = text.indexOf(v.text, at + v.text.length)) {
      out.push({ kind: v.kind, start: at, end: at + v.text.length, value: v.value, ...(v.encoding ? { encoding: v.encoding } : {}), known: true });
    }
  }
}

/**
 * One pass over quote characters finds both base64 string literals and the joints of
 * `"a"+"b"` concatenations.
 */
const QUOTED = /["'`](?:\s*\+\s*["'`]|[A-Za-z0-9+/_-]{24,}={0,2}["'`])/g;

function runDecoded(text: string, options: DetectOptions, out: Detection[]): void {
  const inner = { ...options, decode: false };
  const joints: number[] = [];
  QUOTED.lastIndex = 0;
  for (let m = QUOTED.exec(text); m; m = QUOTED.exec(text)) {
    const quote = m[0][0]!;
    const close = m[0][m[0].length - 1]!;
    const isJoint = /^.\s*\+/.test(m[0]);
    if (isJoint) {
      joints.push(m.index);
      QUOTED.lastIndex = m.index + m[0].length - 1; // the right quote opens the next literal
      continue;
    }
    QUOTED.lastIndex = m.index + m[0].length - 1; // the closing quote may start a joint
    if (close !== quote) continue;
    const run = m[0].slice(1, -1);
    const decoded = decodePrintableBase64(run);
    if (!decoded) continue;
    const start = m.index + 1;
    const encoding: Encoding = /[_-]/.test(run) ? 'base64url' : 'base64';
    for (const d of detect(decoded, inner)) out.push({ ...d, start, end: start + run.length, encoding });
  }
  if (joints.length === 0) return;
  const kinds = (options.kinds ?? CREDENTIAL_KINDS).filter((k) => CREDENTIAL_KINDS.includes(k));
  for (const parts of concatenationChains(text, joints)) {
    const offsets: number[] = [];
    let joined = '';
    for (const part of parts) {
      offsets.push(joined.length);
      joined += part.content;
    }
    const partAt = (offset: number) => {
      let i = offsets.length - 1;
      while (i > 0 && offsets[i]! > offset) i--;
      return i;
    };
    for (const d of detect(joined, { ...inner, kinds })) {
      const first = partAt(d.start);
      const last = partAt(d.end - 1);
      if (first === last) continue; // inside one literal: the plain pass found it
      const start = parts[first]!.start + (d.start - offsets[first]!);
      const end = parts[last]!.start + (d.end - offsets[last]!);
      out.push({ ...d, start, end, encoding: 'concatenation' });
    }
  }
}

/**
 * Finds every credential and PII value in `text`. Overlapping detections are resolved
 * to the earliest, longest, most specific one.
 */
export function detect(text: string, options: DetectOptions = {}): Detection[] {
  const want = options.kinds ? new Set(options.kinds) : undefined;
  const wants = (k: DetectorKind) => !want || want.has(k);
  const compiled = compile(options.shapes);
  const knownValues = (options.knownSecrets ?? []).filter((s) => typeof s === 'string' && s.length >= 4);
  const out: Detection[] = [];
  // Known secrets are always searched: a caller that names one wants it found in any form.
  if (knownValues.length) runKnown(text, knownVariants(knownValues, options.shapes), out);
  for (const alt of compiled.builtins) if (alt.kinds.some(wants)) runAlternation(text, alt, wants, out);
  for (const p of compiled.custom) if (wants(p.kind)) runPattern(text, p, out);
  if (wants('client_secret')) {
    if (compiled.clientSecret) runPattern(text, compiled.clientSecret, out);
    else runDefaultClientSecrets(text, out);
  }
  if (wants('email')) runEmail(text, out);
  runDigits(text, wants, out);
  if (wants('iban')) runIban(text, out);
  if (options.decode !== false) runDecoded(text, options, out);
  return resolveOverlaps(out);
}

/** Keeps the earliest, longest, highest-priority span where detections overlap. */
function resolveOverlaps(found: Detection[]): Detection[] {
  if (found.length < 2) return found;
  found.sort(
    (a, b) => a.start - b.start || b.end - a.end || PRIORITY[b.kind] - PRIORITY[a.kind] || Number(b.known ?? false) - Number(a.known ?? false),
  );
  const out: Detection[] = [];
  for (const d of found) {
    const last = out[out.length - 1];
    if (last && d.start < last.end) {
      // The same value seen as a known secret marks the kept detection as known.
      if (d.known && d.value === last.value) last.known = true;
      continue;
    }
    out.push(d);
  }
  return out;
}
