import { encodedVariants, type Encoding } from '../scan/encodings.js';
import { maskValue } from '../scan/mask.js';
import { classify, type DetectOptions } from '../scan/detectors.js';
import { viewOf } from './view.js';

/** One way a known value can be written: plain or an encoding of it, as searched in a text's view. */
export interface Form {
  /** The form as it appears in a view (line breaks, indentation and escape codes taken out). */
  text: string;
  encoding: Encoding | 'plain';
  /** What replaces it: the value's masked form (`sk_live_…9f2c`), whatever the encoding. */
  label: string;
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
    out.push({ text, encoding: variant.encoding ?? 'plain', label });
  }
  return out;
}
