import { detect, type DetectOptions } from './detectors.js';
import { maskValue } from './mask.js';

/**
 * Replaces every secret and PII value in `text` with its masked form. Publishable keys
 * are public by design and stay readable; an encoded secret is replaced whole.
 */
export function redactText(text: string, options: DetectOptions = {}): string {
  const found = detect(text, options).filter((d) => d.kind !== 'publishable_key' || d.known);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const d of found) {
    out += text.slice(at, d.start) + maskValue(d.value, d.kind);
    at = d.end;
  }
  return out + text.slice(at);
}
