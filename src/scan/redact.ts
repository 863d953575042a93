import { detect, type DetectOptions } from './detectors.js';
import { maskValue } from './mask.js';

/**
 * Replaces every secret and PII value in `text` with its masked form. Publishable keys
 * are public by design and stay readable.
 */
export function redactText(text: string, options: DetectOptions = {}): string {
  const found = detect(text, options).filter((d) => d.kind !== 'publishable_key');
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const d of found) {
    out += text.slice(at, d.start) + maskValue(d.value);
    at = d.end;
  }
  return out + text.slice(at);
}
