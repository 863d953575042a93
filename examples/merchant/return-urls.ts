/**
 * Return URL allowlist. A candidate is parsed with the WHATWG URL parser (what browsers
 * use when they follow the redirect) and compared on its parsed origin and path, never
 * by string prefix: `https://shop.example@evil.com`, `https://shop.example.evil.com` and
 * `//evil.com` all parse to another origin.
 */
export interface AllowedReturnUrl {
  origin: string;
  /** Path prefix without a trailing slash ('' for the whole origin). */
  path: string;
}

const MAX_URL_LENGTH = 2048;
/** Characters the URL parser silently strips or rewrites (tabs, newlines, backslashes). */
const UNSAFE_RAW = /[\\\u0000-\u0020\u007f]/;
/** Encoded separators and dots that let a path escape its prefix once decoded downstream. */
const ENCODED_TRICKS = /%(?:2e|2f|5c|00)/i;

/** Parses the configured prefixes; a misconfigured entry throws at start-up. */
export function parseReturnUrlAllowlist(entries: readonly string[], { requireHttps }: { requireHttps: boolean }): AllowedReturnUrl[] {
  return entries.map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`returnUrls: ${JSON.stringify(entry)} is not an absolute URL`);
    }
    if (url.protocol !== 'https:' && (requireHttps || url.protocol !== 'http:')) {
      throw new Error(`returnUrls: ${JSON.stringify(entry)} must use https${requireHttps ? ' in live' : ' (or http in sandbox)'}`);
    }
    if (url.username || url.password || url.search || url.hash || entry.includes('*')) {
      throw new Error(`returnUrls: ${JSON.stringify(entry)} must be a plain origin + path prefix`);
    }
    return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
  });
}

/**
 * The normalised URL when `candidate` falls under an allowed prefix (same origin, path
 * equal to the prefix or below it at a `/` boundary), otherwise `null`.
 */
export function matchReturnUrl(candidate: unknown, allowlist: readonly AllowedReturnUrl[], { requireHttps }: { requireHttps: boolean }): string | null {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > MAX_URL_LENGTH) return null;
  if (UNSAFE_RAW.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && (requireHttps || url.protocol !== 'http:')) return null;
  if (url.username || url.password) return null;
  if (ENCODED_TRICKS.test(url.pathname) || url.pathname.includes('//')) return null;
  const allowed = allowlist.some(({ origin, path }) => url.origin === origin && (url.pathname === path || url.pathname.startsWith(`${path}/`)));
  return allowed ? url.href : null;
}
