/**
 * Where a credential hides in a bundle without an encoding the caller named: inside a
 * base64 string literal (`atob("c2tfbGl2…")`) or split across literals a bundler left
 * concatenated (`"sk_li"+"ve_…"`).
 */
import { concatenationChains, decodePrintableBase64, startsPrintable, type Encoding } from './encodings.js';

const BASE64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-=') BASE64[c.charCodeAt(0)] = 1;
const isBase64 = (code: number) => code < 256 && BASE64[code] === 1;
const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 0xa0;
const isQuote = (code: number) => code === 34 || code === 39 || code === 96;
/**
 * A quoted run of at least 24 base64 characters (18 bytes), closed by a quote or by `\"`
 * (JSON embedded in a string), whose first two characters encode two bytes of text: the
 * first is printable ASCII or a tab or line break (`[CDI-Za-f]`), and so is the high half
 * of the second (its nibble 0 or 2–7). Hashes, ids and keys rarely start so, and are
 * turned away inside the regex, before a match object is made for them. One regex over the
 * text beats a loop over every quote: a bundle is full of quotes.
 */
const LITERAL = /["'`][CDI-Za-f][ACDEFGHQSTUVWXgijklmnwyz0123][A-Za-z0-9+/_-]{22,}={0,2}\\?["'`]/g;

export interface Base64Literal {
  /** Offset of the first character inside the quotes, and just past the run (and its padding). */
  start: number;
  end: number;
  decoded: string;
  encoding: Encoding;
}

export interface LiteralScan {
  literals: Base64Literal[];
  /**
   * Offset of the opening quote of a base64 run that reaches the end of the text without
   * a closing quote: a streaming caller keeps it for the next window, where it may close.
   */
  openAt?: number;
}

/** The quote that opens a base64 run running to the end of `text`, if there is one. */
function openRun(text: string): number | undefined {
  let at = text.length - 1;
  while (at >= 0 && isBase64(text.charCodeAt(at))) at--;
  return at >= 0 && at < text.length - 1 && isQuote(text.charCodeAt(at)) ? at : undefined;
}

/**
 * Base64 string literals (at least 24 characters, closed by the same quote) whose bytes
 * are printable text: a hidden config, not an image or a hash.
 */
export function base64Literals(text: string): LiteralScan {
  const literals: Base64Literal[] = [];
  LITERAL.lastIndex = 0;
  for (let m = LITERAL.exec(text); m; m = LITERAL.exec(text)) {
    const open = m.index;
    const close = open + m[0].length - 1;
    // The closing quote may open the next literal.
    LITERAL.lastIndex = close;
    if (text.charCodeAt(close) !== text.charCodeAt(open)) continue;
    const start = open + 1;
    if (!startsPrintable(text, start)) continue;
    const end = text.charCodeAt(close - 1) === 92 ? close - 1 : close;
    const run = text.slice(start, end);
    const decoded = decodePrintableBase64(run);
    if (decoded === undefined) continue;
    literals.push({ start, end, decoded, encoding: run.includes('-') || run.includes('_') ? 'base64url' : 'base64' });
  }
  const openAt = openRun(text);
  return openAt === undefined ? { literals } : { literals, openAt };
}

/**
 * Offsets of the closing quotes that a `+` and another literal follow (`"a" + "b"`): the
 * joints `concatenationChains` walks out from.
 */
export function concatenationJoints(text: string): number[] {
  const joints: number[] = [];
  for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
    let left = plus - 1;
    while (left >= 0 && isSpace(text.charCodeAt(left))) left--;
    if (left < 0 || !isQuote(text.charCodeAt(left))) continue;
    let right = plus + 1;
    while (right < text.length && isSpace(text.charCodeAt(right))) right++;
    if (right < text.length && isQuote(text.charCodeAt(right)) && joints[joints.length - 1] !== left) joints.push(left);
  }
  return joints;
}

export interface JoinedChain {
  /** The literals' contents, joined. */
  text: string;
  /** Maps an offset in `text` to the offset in the scanned text it came from. */
  origin(offset: number): number;
  /** Index of the literal that holds `offset` of `text`. */
  partOf(offset: number): number;
}

/** Every chain of concatenated literals in `text`, joined so a detector can read across the joints. */
export function concatenations(text: string): JoinedChain[] {
  const joints = concatenationJoints(text);
  if (joints.length === 0) return [];
  return concatenationChains(text, joints).map((parts) => {
    const offsets: number[] = [];
    let joined = '';
    for (const part of parts) {
      offsets.push(joined.length);
      joined += part.content;
    }
    const partOf = (offset: number) => {
      let i = offsets.length - 1;
      while (i > 0 && offsets[i]! > offset) i--;
      return i;
    };
    return { text: joined, partOf, origin: (offset: number) => parts[partOf(offset)]!.start + (offset - offsets[partOf(offset)]!) };
  });
}
