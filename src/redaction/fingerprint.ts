import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DetectOptions } from '../detect/detectors.js';
import { CHARSETS, formsOf } from './forms.js';

/**
 * How a test worker tells the main process about a value a matcher registered, without
 * the value: for each form, its length, its last characters (no more than the mask shows)
 * and a salted SHA-256. The main process finds candidates by the anchor and confirms them
 * by hashing the window; nothing in a fingerprint gives the value back.
 */
export const fingerprintSchema = z.strictObject({
  length: z.number().int().min(8).max(100_000),
  /** The form's last 4 characters (the mask shows as much): where to look. */
  anchor: z.string().length(4),
  /** What the form is made of, by its kind of encoding (never by the value): a quick check before hashing. */
  charset: z.enum(CHARSETS),
  /** Hex; a fresh one per value, so one value fingerprints differently in every run. */
  salt: z.string().regex(/^[0-9a-f]{16,64}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What replaces a match: the value's masked form (`sk_live_…9f2c`). */
  label: z.string().min(1).max(80),
});
export type Fingerprint = z.infer<typeof fingerprintSchema>;

const ANCHOR_LENGTH = 4;

export function saltedDigest(salt: string, text: string): string {
  return createHash('sha256').update(salt).update(text).digest('hex');
}

/** The characters an attacker would have to guess: the value minus the prefix and tail its mask shows. */
function hiddenPart(value: string, label: string): string {
  const prefix = label.slice(0, Math.max(0, label.indexOf('…')));
  const shownTail = label.length - label.indexOf('…') - 1;
  return value.slice(value.startsWith(prefix) ? prefix.length : 0, value.length - shownTail);
}

function alphabetBits(text: string): number {
  let size = 0;
  if (/[a-z]/.test(text)) size += 26;
  if (/[A-Z]/.test(text)) size += 26;
  if (/[0-9]/.test(text)) size += 10;
  if (/[^A-Za-z0-9]/.test(text)) size += 33;
  return text.length * Math.log2(Math.max(size, 2));
}

function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / text.length);
  return bits;
}

/** Guessing the hidden part must stay out of reach even with the salted hash in hand. */
const MIN_HIDDEN_ALPHABET_BITS = 64;
const MIN_HIDDEN_SHANNON_BITS = 36;

/**
 * Whether a fingerprint of `value` can leave its worker: a salted hash of a weak value can
 * be brute-forced, so a value whose hidden part is guessable is masked only where it is
 * known in plain (its own worker, or the environment). See docs/secrets.md.
 */
export function fingerprintable(value: string, label: string): boolean {
  const hidden = hiddenPart(value, label);
  return alphabetBits(hidden) >= MIN_HIDDEN_ALPHABET_BITS && shannonBits(hidden) >= MIN_HIDDEN_SHANNON_BITS;
}

/** One fingerprint per form of `value`, or none when the value is too weak to fingerprint. */
export function fingerprintsOf(value: string, shapes?: DetectOptions['shapes'], salt = randomBytes(8).toString('hex')): Fingerprint[] {
  const forms = formsOf(value, shapes);
  if (forms.length === 0 || !fingerprintable(value, forms[0]!.label)) return [];
  return forms.map((form) => ({
    length: form.text.length,
    anchor: form.text.slice(-ANCHOR_LENGTH),
    charset: form.charset,
    salt,
    sha256: saltedDigest(salt, form.text),
    label: form.label,
  }));
}
