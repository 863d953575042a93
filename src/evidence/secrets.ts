/**
 * Values the matchers were handed as secrets (webhook secrets, keys under test). They are
 * masked wherever they appear in evidence and failure messages, even when they do not
 * have a recognisable shape. Kept per worker process; never serialised.
 */
const known = new Set<string>();

export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= 8) known.add(value);
}

export function knownSecrets(): string[] {
  return [...known];
}

/** Where a secret travels in derived forms the detectors should also find. */
export function secretVariants(value: string): string[] {
  const variants = [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url'), encodeURIComponent(value)];
  return [...new Set(variants)];
}
