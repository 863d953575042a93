/**
 * Where a secret hides in a client bundle without changing: encoded (base64, base64url,
 * hex, URL, JSON/JS escapes) or split across string literals that a bundler left
 * concatenated (`"sk_li"+"ve_…"`).
 */
export type Encoding = 'base64' | 'base64url' | 'hex' | 'url' | 'json-escape' | 'concatenation';

export interface Variant {
  text: string;
  encoding?: Encoding;
}

const MIN_CORE = 8;

/**
 * The base64 characters that encode `secret` whatever bytes precede it: for each of the
 * three byte alignments, the characters that depend on the secret's bits alone. A secret
 * embedded in a larger encoded payload (a base64 JSON blob) still contains one of them.
 */
function base64Cores(secret: Buffer, url: boolean): string[] {
  const cores: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), secret])
      .toString(url ? 'base64url' : 'base64')
      .replace(/=+$/, '');
    const from = Math.ceil((8 * pad) / 6);
    const to = Math.floor((8 * (pad + secret.length)) / 6);
    const core = encoded.slice(from, to);
    if (core.length >= MIN_CORE) cores.push(core);
  }
  return cores;
}

/** Every byte as `%XX` (RFC 3986's uppercase form), as over-eager encoders write it. */
function percentEncodeAll(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return out;
}

/** Every UTF-16 unit as `\\uXXXX`, as JSON serialisers that escape everything write it. */
function unicodeEscapeAll(secret: string): string {
  let out = '';
  for (let i = 0; i < secret.length; i++) out += `\\u${secret.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** Every form of `secret` the scanner searches for, the plain value first. */
export function encodedVariants(secret: string): Variant[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: Variant[] = [{ text: secret }];
  for (const core of base64Cores(bytes, false)) out.push({ text: core, encoding: 'base64' });
  for (const core of base64Cores(bytes, true)) out.push({ text: core, encoding: 'base64url' });
  const hex = bytes.toString('hex');
  out.push({ text: hex, encoding: 'hex' }, { text: hex.toUpperCase(), encoding: 'hex' });
  out.push({ text: encodeURIComponent(secret), encoding: 'url' }, { text: percentEncodeAll(bytes), encoding: 'url' });
  const json = JSON.stringify(secret).slice(1, -1);
  out.push(
    { text: json, encoding: 'json-escape' },
    { text: json.replace(/\//g, '\\/'), encoding: 'json-escape' },
    { text: unicodeEscapeAll(secret), encoding: 'json-escape' },
  );
  const seen = new Set<string>();
  return out.filter((v) => {
    if (v.text.length === 0 || seen.has(v.text)) return false;
    seen.add(v.text);
    return true;
  });
}

const isPrintable = (b: number) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;

const BASE64_VALUES = new Int8Array(256).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'].entries()) BASE64_VALUES[c.charCodeAt(0)] = i;
BASE64_VALUES['+'.charCodeAt(0)] = BASE64_VALUES['-'.charCodeAt(0)] = 62;
BASE64_VALUES['/'.charCodeAt(0)] = BASE64_VALUES['_'.charCodeAt(0)] = 63;

/**
 * Whether the first 12 bytes the base64 run at `start` of `text` encodes are mostly
 * printable (at most four are not, as in accented UTF-8 text): decoded from the first
 * 16 characters without allocating, it turns away nearly all ids, hashes, keys and
 * images before a string is cut out for them.
 */
export function startsPrintable(text: string, start = 0): boolean {
  if (text.length - start < 16) return false;
  let misses = 0;
  for (let q = start; q < start + 16; q += 4) {
    const v0 = BASE64_VALUES[text.charCodeAt(q) & 0xff]!;
    const v1 = BASE64_VALUES[text.charCodeAt(q + 1) & 0xff]!;
    const v2 = BASE64_VALUES[text.charCodeAt(q + 2) & 0xff]!;
    const v3 = BASE64_VALUES[text.charCodeAt(q + 3) & 0xff]!;
    if ((v0 | v1 | v2 | v3) < 0) return false;
    if (!isPrintable(((v0 << 2) | (v1 >> 4)) & 0xff)) misses++;
    if (!isPrintable(((v1 << 4) | (v2 >> 2)) & 0xff)) misses++;
    if (!isPrintable(((v2 << 6) | v3) & 0xff)) misses++;
    if (misses > 4) return false;
  }
  return true;
}

/** A base64 run that decodes to printable text (a hidden config blob, not an image). */
export function decodePrintableBase64(run: string): string | undefined {
  if (!startsPrintable(run)) return undefined;
  let decoded: string;
  try {
    // atob returns the bytes as a latin1 string without a buffer in between.
    decoded = atob(run.includes('-') || run.includes('_') ? run.replace(/-/g, '+').replace(/_/g, '/') : run);
  } catch {
    decoded = Buffer.from(run, 'base64').toString('latin1'); // a run of odd length: decode what there is
  }
  if (decoded.length < 16) return undefined;
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) if (isPrintable(decoded.charCodeAt(i))) printable++;
  return printable >= decoded.length * 0.95 ? decoded : undefined;
}

export interface ConcatPart {
  /** Offset of the literal's first content character in the scanned text. */
  start: number;
  content: string;
}

const QUOTES = new Set(['"', "'", '`']);
const MAX_LITERAL = 4096;

function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function skipSpaceBack(text: string, at: number): number {
  while (at >= 0 && /\s/.test(text[at]!)) at--;
  return at;
}

function skipSpaceForward(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

/** The opening quote of the literal whose closing quote is at `close`, or -1. */
function openingQuote(text: string, close: number): number {
  const quote = text[close]!;
  for (let i = close - 1; i >= 0 && close - i <= MAX_LITERAL; i--) {
    if (text[i] === quote && !isEscaped(text, i)) return i;
    if (text[i] === '\n' && quote !== '`') return -1;
  }
  return -1;
}

/** The closing quote of the literal whose opening quote is at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open]!;
  for (let i = open + 1; i < text.length && i - open <= MAX_LITERAL; i++) {
    if (text[i] === quote && !isEscaped(text, i)) return i;
    if (text[i] === '\n' && quote !== '`') return -1;
    if (quote === '`' && text[i] === '$' && text[i + 1] === '{') return -1;
  }
  return -1;
}

/**
 * Chains of string literals joined with `+` (`"sk_li"+"ve_…"`), each as its parts in
 * order. `joints` are the offsets of the closing quotes that a `+` follows.
 */
export function concatenationChains(text: string, joints: readonly number[]): ConcatPart[][] {
  const chains: ConcatPart[][] = [];
  let covered = -1;
  for (const leftClose of joints) {
    if (leftClose <= covered) continue;
    const parts: ConcatPart[] = [];
    let close = leftClose;
    for (;;) {
      const open = openingQuote(text, close);
      if (open === -1) break;
      parts.unshift({ start: open + 1, content: text.slice(open + 1, close) });
      const plus = skipSpaceBack(text, open - 1);
      if (text[plus] !== '+') break;
      const prev = skipSpaceBack(text, plus - 1);
      if (!QUOTES.has(text[prev]!)) break;
      close = prev;
    }
    if (parts.length === 0) continue;
    let open = skipSpaceForward(text, skipSpaceForward(text, leftClose + 1) + 1);
    let end = leftClose;
    for (;;) {
      if (!QUOTES.has(text[open]!)) break;
      const closeAt = closingQuote(text, open);
      if (closeAt === -1) break;
      parts.push({ start: open + 1, content: text.slice(open + 1, closeAt) });
      end = closeAt;
      const plus = skipSpaceForward(text, closeAt + 1);
      if (text[plus] !== '+') break;
      open = skipSpaceForward(text, plus + 1);
    }
    covered = end;
    if (parts.length > 1) chains.push(parts);
  }
  return chains;
}
