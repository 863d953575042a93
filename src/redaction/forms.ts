import { encodedVariants, type Encoding } from '../detect/encodings.js';
import { maskValue } from '../detect/mask.js';
import { classify, type DetectOptions } from '../detect/detectors.js';
import { viewOf } from './view.js';

/**
 * The characters a form of a given kind is made of, whatever the value: a window of text
 * that holds another character cannot be that form, so it is not hashed. It follows from
 * the kind of encoding alone, never from the value (a plain form is always `any`).
 */
export const CHARSETS = ['any', 'hex', 'base64', 'base64url', 'percent', 'unicode'] as const;
export type Charset = (typeof CHARSETS)[number];

/** One way a known value can be written: plain or an encoding of it, as searched in a text's view. */
export interface Form {
  /** The form as it appears in a view (line breaks, indentation and escape codes taken out). */
  text: string;
  encoding: Encoding | 'plain';
  charset: Charset;
  /** What replaces it: the value's masked form (`sk_live_…9f2c`), whatever the encoding. */
  label: string;
}

/** Every byte as `%XX`, every character as `\uXXXX`: the two spellings that escape everything. */
const PERCENT_ALL = /^(?:%[0-9A-F]{2})+$/;
const UNICODE_ALL = /^(?:\\u[0-9a-f]{4})+$/;

function charsetOf(text: string, encoding: Form['encoding']): Charset {
  if (encoding === 'hex' || encoding === 'base64' || encoding === 'base64url') return encoding;
  if (encoding === 'url' && PERCENT_ALL.test(text)) return 'percent';
  if (encoding === 'json-escape' && UNICODE_ALL.test(text)) return 'unicode';
  return 'any';
}

/**
 * The value base64-encoded on its own, padding included: the scanner's forms stop at the
 * last character that depends on the value alone, which would leave `Q==` after a mask.
 */
function wholeEncodings(value: string): Array<{ text: string; encoding: Encoding }> {
  const bytes = Buffer.from(value, 'utf8');
  return [
    { text: bytes.toString('base64'), encoding: 'base64' },
    { text: bytes.toString('base64url'), encoding: 'base64url' },
  ];
}

/**
 * Every form of `value` the redactor masks: plain, base64 and base64url (the characters
 * that depend on the value alone, for each of the three byte alignments, so an embedded
 * value is found too, and the whole encoding), hex in both cases, URL-encoded and
 * JSON-escaped. The scanner's own list, so the redactor masks what the scanner finds.
 */
export function formsOf(value: string, shapes?: DetectOptions['shapes']): Form[] {
  const label = maskValue(value, classify(value, { shapes }));
  const seen = new Set<string>();
  const out: Form[] = [];
  for (const variant of [...encodedVariants(value), ...wholeEncodings(value)]) {
    const text = viewOf(variant.text).text;
    if (text.length === 0 || seen.has(text)) continue;
    seen.add(text);
    const encoding = variant.encoding ?? 'plain';
    out.push({ text, encoding, charset: charsetOf(text, encoding), label });
  }
  return out;
}
