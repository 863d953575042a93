import { detect, type DetectOptions } from '../detect/detectors.js';
import { maskValue } from '../detect/mask.js';

/** 0Bit's own addresses (support@0bit.io) are a published support path, nobody's personal data. */
const ZEROBIT_ADDRESS = /@0bit\.io$/i;

/**
 * Replaces every secret and PII value in `text` with its masked form. Publishable keys
 * are public by design and stay readable, as do 0Bit's own addresses; an encoded secret
 * is replaced whole.
 */
export function redactText(text: string, options: DetectOptions = {}): string {
  const found = detect(text, options).filter((d) => d.known || (d.kind !== 'publishable_key' && !(d.kind === 'email' && ZEROBIT_ADDRESS.test(d.value))));
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const d of found) {
    out += text.slice(at, d.start) + maskValue(d.value, d.kind);
    at = d.end;
  }
  return out + text.slice(at);
}
