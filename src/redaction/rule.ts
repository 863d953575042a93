/**
 * Which values are worth masking wherever they appear. A value is masked by identity (in
 * every form, anywhere in the text), so one that could occur by accident — `1`, `true`,
 * `postgres`, a port number — would shred unrelated text. docs/secrets.md states the rule.
 */

export const MIN_LENGTH = 8;
/** Below this length a value must mix character classes to count. */
const SINGLE_CLASS_LENGTH = 16;
/** Length × Shannon entropy of the value's own characters, in bits. */
const MIN_BITS = 24;

function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/** Length × Shannon entropy per character: `aaaaaaaa` carries 0 bits, 8 random base62 characters ~24. */
export function entropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / n;
    perChar -= p * Math.log2(p);
  }
  return perChar * n;
}

/** Why a value is not masked, or undefined when it is. */
export function unmaskableReason(value: string): string | undefined {
  if (value.length < MIN_LENGTH) return `shorter than ${MIN_LENGTH} characters`;
  // A NUL would let a match span two strings of a batch (redactor.ts joins them with one).
  if (value.includes('\u0000')) return 'holds a NUL character';
  if (characterClasses(value) < 2 && value.length < SINGLE_CLASS_LENGTH) return `one character class and shorter than ${SINGLE_CLASS_LENGTH}`;
  if (entropyBits(value) < MIN_BITS) return `under ${MIN_BITS} bits of entropy`;
  return undefined;
}

export function isMaskable(value: string): boolean {
  return unmaskableReason(value) === undefined;
}
