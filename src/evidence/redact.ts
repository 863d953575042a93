import { localRedactor } from '../redaction/local.js';

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SIGNATURE_HEADERS = new Set(['webhook-signature', 'x-0bit-signature', 'stripe-signature', 'x-signature']);

/** Redacts one string: known secrets in every form, credential shapes, PII (src/redaction). */
export function redactString(text: string): string {
  return localRedactor().redact(text);
}

/**
 * Signatures are not secrets, but whole ones add noise; keep each one's scheme label
 * (`v1,`, `t=`, `v0=`) so evidence still shows which version a probe sent.
 */
function maskSignatures(value: string): string {
  return value
    .split(/([ ,])/)
    .map((part) => (part.length > 16 ? `${part.slice(0, 6)}…` : part))
    .join('');
}

/** Header values that are credentials by their name are masked whatever they hold. */
export function redactHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (SENSITIVE_HEADERS.has(lower)) out[lower] = '[redacted]';
    else if (SIGNATURE_HEADERS.has(lower) && value.length > 24) out[lower] = maskSignatures(value);
    else out[lower] = redactString(value);
  }
  return out;
}

/** Deep-redacts any JSON-like value; headers objects (key `headers`) get header rules. */
export function redactDeep<T>(value: T): T {
  return walk(value, undefined) as T;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
  if (value && typeof value === 'object') {
    if (key === 'headers') return redactHeaders(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
  }
  return value;
}

const EXCERPT_LIMIT = 2_000;

/** A body as evidence: redacted first, then cut to a readable excerpt. */
export function bodyExcerpt(body: string | Uint8Array | undefined): string | undefined {
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const redacted = redactString(text);
  return redacted.length > EXCERPT_LIMIT ? `${redacted.slice(0, EXCERPT_LIMIT)}…[${redacted.length - EXCERPT_LIMIT} more chars]` : redacted;
}
