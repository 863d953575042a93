/**
 * The built-in credential shapes, each found from a short literal anchor. `indexOf` on a
 * short literal that starts with an uncommon character is a memchr in V8 (gigabytes per
 * second); a regex alternation that may start anywhere tests every position (about one).
 * Each anchor hit is confirmed by a sticky regex at the position the shape starts.
 */
import { detection } from './detection.js';
import type { Detection, DetectorKind, ShapeName } from './detectors.js';

export interface CredentialPattern {
  /** The kinds a match can have; with several, `kindByFirst` picks one by the value's first character. */
  kinds: readonly DetectorKind[];
  kindByFirst: Readonly<Record<string, DetectorKind>> | undefined;
  /** The default shapes this pattern stands for; a configured shape replaces it. */
  shapes: readonly ShapeName[];
  /** Literals the shape holds; none: `re` is global and reads the whole text. */
  anchors: readonly string[];
  /** How many characters before the anchor the shape starts. */
  back: number;
  /** Where the shape starts, when it is not a fixed distance before the anchor. */
  startOf: ((text: string, hit: number) => number) | undefined;
  /** Sticky (global without anchors); a `(?<v>…)` group marks the value when the match carries context (`Bearer …`). */
  re: RegExp;
  grouped: boolean;
}

/** Every pattern has every field, in one order: one hidden class, so `runPattern` stays monomorphic. */
function pattern(
  p: Pick<CredentialPattern, 'kinds' | 'anchors' | 're'> & Partial<Pick<CredentialPattern, 'kindByFirst' | 'shapes' | 'back' | 'startOf'>>,
): CredentialPattern {
  return {
    kinds: p.kinds,
    kindByFirst: p.kindByFirst,
    shapes: p.shapes ?? [],
    anchors: p.anchors,
    back: p.back ?? 0,
    startOf: p.startOf,
    re: p.re,
    grouped: p.re.source.includes('(?<v>'),
  };
}

const isBase64Url = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45 || code === 95;

/** The `eyJ` that opens the header before the `.eyJ` at `hit`, or -1. */
function jwtStart(text: string, hit: number): number {
  let start = hit;
  while (start > 0 && hit - start < 8192 && isBase64Url(text.charCodeAt(start - 1))) start--;
  const at = text.indexOf('eyJ', start);
  return at !== -1 && at + 11 <= hit ? at : -1;
}

export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = [
  pattern({
    kinds: ['secret_key', 'restricted_key', 'publishable_key'],
    kindByFirst: { s: 'secret_key', r: 'restricted_key', p: 'publishable_key' },
    shapes: ['secretKey', 'restrictedKey', 'publishableKey'],
    anchors: ['k_'],
    back: 1,
    re: /\b[srp]k_(?:live|sandbox)_[A-Za-z0-9]{16,}/y,
  }),
  pattern({ kinds: ['webhook_secret'], shapes: ['webhookSecret'], anchors: ['whsec_'], re: /\bwhsec_[A-Za-z0-9+/]{16,}={0,2}/y }),
  // Anchored on the joint of header and payload: `eyJ` alone opens every base64 JSON blob.
  pattern({ kinds: ['jwt'], anchors: ['.eyJ'], startOf: jwtStart, re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/y }),
  pattern({
    kinds: ['private_key'],
    anchors: ['BEGIN '],
    back: 5,
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,12000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?/y,
  }),
  pattern({ kinds: ['bearer_token'], anchors: ['Bearer', 'bearer'], re: /\b[Bb]earer[ \t]+(?<v>[A-Za-z0-9._~+/-]{16,}=*)/y }),
  // `A` alone is too common an anchor (base64 is full of it); a regex that starts with a literal is fast too.
  pattern({ kinds: ['aws_access_key'], anchors: [], re: /\bA(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)[A-Z2-7]{16}\b/g }),
  pattern({
    kinds: ['aws_secret_key'],
    anchors: ['ws', 'WS'],
    back: 1,
    re: /\b(?:aws_?secret_?access_?key|AWS_?SECRET_?ACCESS_?KEY|[Aa]wsSecretAccessKey)["']?\s*[:=]\s*["']?(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/y,
  }),
];

/** Every match of `pattern` in `text`, left to right, matches not overlapping. */
export function runPattern(text: string, pattern: CredentialPattern, wants: (k: DetectorKind) => boolean, out: Detection[]): void {
  const { re, back, startOf, grouped, kindByFirst } = pattern;
  if (pattern.anchors.length === 0) {
    runConfigured(text, pattern.kinds[0]!, re, out);
    return;
  }
  for (const anchor of pattern.anchors) {
    let covered = 0;
    for (let hit = text.indexOf(anchor); hit !== -1; hit = text.indexOf(anchor, hit + 1)) {
      const at = startOf ? startOf(text, hit) : hit - back;
      if (at < covered) continue;
      re.lastIndex = at;
      if (grouped) {
        const m = re.exec(text);
        if (!m) continue;
        covered = at + m[0].length;
        const value = m.groups!.v!;
        if (wants(pattern.kinds[0]!)) out.push(detection(pattern.kinds[0]!, covered - value.length, covered, value));
        continue;
      }
      // No group to read: `test` leaves the end in lastIndex and allocates no match.
      if (!re.test(text)) continue;
      covered = re.lastIndex;
      const kind = kindByFirst === undefined ? pattern.kinds[0]! : kindByFirst[text[at]!]!;
      // An unwanted kind (a publishable key, for the secret-key matcher) is not even cut out.
      if (wants(kind)) out.push(detection(kind, at, covered, text.slice(at, covered)));
    }
  }
}

const SECRET_ANCHOR = '_secre';
const SECRET_TAIL = /_secret_[A-Za-z0-9]{12,}/y;
const CLIENT_SECRET_HEAD = /\b[a-z]{2,12}_[A-Za-z0-9]{4,64}$/;

/**
 * The default client-secret shape (`ses_<id>_secret_<random>`), found from its literal
 * middle and then extended backwards to the session id.
 */
export function runDefaultClientSecrets(text: string, out: Detection[]): void {
  for (let hit = text.indexOf(SECRET_ANCHOR); hit !== -1; hit = text.indexOf(SECRET_ANCHOR, hit + 1)) {
    SECRET_TAIL.lastIndex = hit;
    const tail = SECRET_TAIL.exec(text);
    if (!tail) continue;
    const head = CLIENT_SECRET_HEAD.exec(text.slice(Math.max(0, hit - 80), hit))?.[0];
    if (!head) continue;
    const start = hit - head.length;
    if (start > 0 && /\w/.test(text[start - 1]!)) continue; // the window cut a longer word
    out.push(detection('client_secret', start, hit + tail[0].length, head + tail[0]));
  }
}

/** A configured shape: an ordinary global regex, read over the whole text. */
export function runConfigured(text: string, kind: DetectorKind, re: RegExp, out: Detection[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push(detection(kind, m.index, m.index + m[0].length, m[0]));
  }
}
