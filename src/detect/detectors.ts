/**
 * Credential and PII detectors shared by the matchers and by evidence redaction.
 * Each detector finds spans in text; callers decide whether to report or redact them.
 * A plan (which detectors run, compiled shapes, the known-secret search) is built once per
 * set of options; PII candidates are validated in pii.ts.
 */
import { CREDENTIAL_PATTERNS, runConfigured, runDefaultClientSecrets, runPattern, type CredentialPattern } from './credential-patterns.js';
import { detection } from './detection.js';
import { encodedVariants, type Encoding } from './encodings.js';
import { base64Literals, concatenations } from './hidden-values.js';
import { MultiSearch, type Hit } from './known-secrets.js';
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
  /** How the value was encoded where it was found; undefined when it was plain. */
  encoding?: Encoding | undefined;
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

interface KnownForm {
  value: string;
  kind: DetectorKind;
  encoding?: Encoding;
}

interface CompiledShapes {
  /** Built-in patterns still in use (a configured shape replaces its kinds). */
  patterns: readonly CredentialPattern[];
  /** Kinds whose shape is configured: built-in matches of these kinds are dropped. */
  replaced: ReadonlySet<DetectorKind>;
  /** Configured shapes, each an ordinary global regex (their sources may hold groups of their own). */
  configured: ReadonlyArray<{ kind: DetectorKind; re: RegExp }>;
  /** A configured client-secret shape; the default one is found from its `_secret_` anchor. */
  clientSecret?: RegExp;
}

/** Everything `detect` needs for one set of options, built once and reused per text. */
export interface DetectorPlan {
  readonly shapes: DetectOptions['shapes'];
  readonly compiled: CompiledShapes;
  readonly wants: (kind: DetectorKind) => boolean;
  /** Wanted kinds that a built-in pattern finds (wanted and not replaced by a configured shape). */
  readonly builtin: (kind: DetectorKind) => boolean;
  readonly known?: MultiSearch<KnownForm>;
  readonly decode: boolean;
}

const SHAPE_KINDS: Readonly<Record<ShapeName, DetectorKind>> = {
  secretKey: 'secret_key',
  restrictedKey: 'restricted_key',
  publishableKey: 'publishable_key',
  clientSecret: 'client_secret',
  webhookSecret: 'webhook_secret',
};

function toGlobal(re: RegExp | string): RegExp {
  if (typeof re === 'string') return new RegExp(re, 'g');
  return re.flags.includes('g') ? re : new RegExp(re.source, `${re.flags}g`);
}

function compileShapes(overrides: DetectOptions['shapes']): CompiledShapes {
  const names = (Object.keys(SHAPE_KINDS) as ShapeName[]).filter((name) => overrides?.[name] !== undefined);
  const replaced = new Set(names.map((name) => SHAPE_KINDS[name]));
  const configured = names.filter((name) => name !== 'clientSecret').map((name) => ({ kind: SHAPE_KINDS[name], re: toGlobal(overrides![name]!) }));
  // A pattern whose every kind is configured has nothing left to find.
  const patterns = CREDENTIAL_PATTERNS.filter((p) => p.kinds.some((k) => !replaced.has(k)));
  return { patterns, replaced, configured, ...(overrides?.clientSecret === undefined ? {} : { clientSecret: toGlobal(overrides.clientSecret) }) };
}

let defaultShapes: CompiledShapes | undefined;
const shapesCache = new WeakMap<object, CompiledShapes>();

function shapesFor(overrides: DetectOptions['shapes']): CompiledShapes {
  if (!overrides) return (defaultShapes ??= compileShapes(undefined));
  let compiled = shapesCache.get(overrides);
  if (!compiled) shapesCache.set(overrides, (compiled = compileShapes(overrides)));
  return compiled;
}

const knownCache = new Map<string, MultiSearch<KnownForm>>();

/** One search for every form of every known secret; cached per list of values (default shapes). */
function knownSearch(values: readonly string[], shapes: DetectOptions['shapes']): MultiSearch<KnownForm> {
  const cacheKey = shapes ? undefined : values.join('\u0000');
  const cached = cacheKey === undefined ? undefined : knownCache.get(cacheKey);
  if (cached) return cached;
  const needles = values.flatMap((value) => {
    const kind = classify(value, { shapes }) ?? 'known_secret';
    return encodedVariants(value).map((v) => ({ text: v.text, tag: { value, kind, ...(v.encoding ? { encoding: v.encoding } : {}) } }));
  });
  const search = new MultiSearch(needles);
  if (cacheKey !== undefined) {
    if (knownCache.size > 64) knownCache.clear();
    knownCache.set(cacheKey, search);
  }
  return search;
}

/** Builds the plan for `options`; callers scanning many texts with the same options build it once. */
export function planFor(options: DetectOptions = {}): DetectorPlan {
  const want = options.kinds ? new Set(options.kinds) : undefined;
  const knownValues = [...new Set((options.knownSecrets ?? []).filter((s) => typeof s === 'string' && s.length >= 4))];
  const compiled = shapesFor(options.shapes);
  const wants = want ? (k: DetectorKind) => want.has(k) : () => true;
  const builtinKinds: Partial<Record<DetectorKind, boolean>> = {};
  for (const k of [...CREDENTIAL_KINDS, ...PII_KINDS]) builtinKinds[k] = wants(k) && !compiled.replaced.has(k);
  return {
    shapes: options.shapes,
    compiled,
    wants,
    builtin: (k) => builtinKinds[k] === true,
    ...(knownValues.length ? { known: knownSearch(knownValues, options.shapes) } : {}),
    decode: options.decode !== false,
  };
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
      if (card) out.push(detection('card_number', m.index, m.index + card.length, card));
    } else if (phones && isPhoneNumber(value)) {
      out.push(detection('phone', m.index, m.index + value.length, value));
    } else {
      DIGITS.lastIndex = m.index + 1; // a shorter candidate may start inside this one
    }
  }
}

function runIban(text: string, out: Detection[]): void {
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m; m = IBAN.exec(text)) {
    const span = ibanSpan(m[0]);
    if (span > 0) out.push(detection('iban', m.index, m.index + span, m[0].slice(0, span)));
    else IBAN.lastIndex = m.index + 1;
  }
}

function runEmail(text: string, out: Detection[]): void {
  let covered = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at < covered) continue;
    const span = emailAround(text, at);
    if (!span) continue;
    out.push(detection('email', span[0], span[1], text.slice(span[0], span[1])));
    covered = span[1];
  }
}

function runKnown(text: string, search: MultiSearch<KnownForm>, out: Detection[]): void {
  const hits: Hit<KnownForm>[] = [];
  search.findAll(text, hits);
  for (const { start, end, tag } of hits) {
    out.push(detection(tag.kind, start, end, tag.value, tag.encoding, true));
  }
}

function runCredentials(text: string, plan: DetectorPlan, out: Detection[]): void {
  const { compiled, wants, builtin } = plan;
  for (const pattern of compiled.patterns) if (pattern.kinds.some(builtin)) runPattern(text, pattern, builtin, out);
  for (const c of compiled.configured) if (wants(c.kind)) runConfigured(text, c.kind, c.re, out);
  if (wants('client_secret')) {
    if (compiled.clientSecret) runConfigured(text, 'client_secret', compiled.clientSecret, out);
    else runDefaultClientSecrets(text, out);
  }
}

const credentialPlans = new WeakMap<DetectorPlan, DetectorPlan>();

/** The plan for text joined from concatenated literals: credentials only (digits across joints are no card). */
function credentialsOnlyPlan(inner: DetectorPlan): DetectorPlan {
  let plan = credentialPlans.get(inner);
  if (!plan) {
    const wants = (k: DetectorKind) => CREDENTIAL_KINDS.includes(k) && inner.wants(k);
    credentialPlans.set(inner, (plan = { ...inner, wants, builtin: (k) => wants(k) && inner.builtin(k) }));
  }
  return plan;
}

/** Separates decoded literals joined for one detector pass: no detector matches across it. */
const LITERAL_SEPARATOR = '\n\u0000\n';

/** Credentials inside base64 string literals and across concatenated literals. */
function runHidden(text: string, inner: DetectorPlan, out: Detection[]): number | undefined {
  const { literals, openAt } = base64Literals(text);
  if (literals.length > 0) {
    // One pass over all decoded literals, not one per literal: a dense build has thousands per window.
    const starts: number[] = [];
    let joined = '';
    for (const literal of literals) {
      starts.push(joined.length);
      joined += literal.decoded + LITERAL_SEPARATOR;
    }
    let i = 0;
    for (const d of detectWith(joined, inner).detections) {
      while (i + 1 < starts.length && starts[i + 1]! <= d.start) i++;
      const literal = literals[i]!;
      out.push(detection(d.kind, literal.start, literal.end, d.value, literal.encoding, d.known));
    }
  }
  const chains = concatenations(text);
  if (chains.length === 0) return openAt;
  const credentialsOnly = credentialsOnlyPlan(inner);
  for (const chain of chains) {
    for (const d of detectWith(chain.text, credentialsOnly).detections) {
      if (chain.partOf(d.start) === chain.partOf(d.end - 1)) continue; // inside one literal: the plain pass found it
      out.push(detection(d.kind, chain.origin(d.start), chain.origin(d.end - 1) + 1, d.value, 'concatenation', d.known));
    }
  }
  return openAt;
}

const innerPlans = new WeakMap<DetectorPlan, DetectorPlan>();

/** The plan for decoded text: the same detectors, without decoding again. */
function innerPlan(plan: DetectorPlan): DetectorPlan {
  let inner = innerPlans.get(plan);
  if (!inner) innerPlans.set(plan, (inner = { ...plan, decode: false }));
  return inner;
}

export interface WindowDetections {
  detections: Detection[];
  /** Where a base64 literal starts that runs past the end of the text (see `base64Literals`). */
  openAt?: number;
}

/** `detect` with a prepared plan; also says where an unclosed base64 literal starts. */
export function detectWith(text: string, plan: DetectorPlan): WindowDetections {
  const out: Detection[] = [];
  // Known secrets are always searched: a caller that names one wants it found in any form.
  if (plan.known) runKnown(text, plan.known, out);
  runCredentials(text, plan, out);
  if (plan.wants('email')) runEmail(text, out);
  runDigits(text, plan.wants, out);
  if (plan.wants('iban')) runIban(text, out);
  const openAt = plan.decode ? runHidden(text, innerPlan(plan), out) : undefined;
  return { detections: resolveOverlaps(out), ...(openAt === undefined ? {} : { openAt }) };
}

/**
 * Finds every credential and PII value in `text`. Overlapping detections are resolved
 * to the earliest, longest, most specific one.
 */
export function detect(text: string, options: DetectOptions = {}): Detection[] {
  return detectWith(text, planFor(options)).detections;
}

/** Keeps the earliest, longest, highest-priority span where detections overlap. */
function resolveOverlaps(found: Detection[]): Detection[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY[b.kind] - PRIORITY[a.kind] || Number(b.known ?? false) - Number(a.known ?? false));
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
