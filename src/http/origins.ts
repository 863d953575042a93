/**
 * Pure rules about web origins and return URLs: allowlist hygiene, the look-alike origins
 * a CORS check must refuse, and the open-redirect variants a return-URL check must refuse.
 */
import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface AllowlistProblem {
  entry: string;
  problem: string;
}

const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet', '.corp'];

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** `https://Shop.Example:443/` → `https://shop.example` (what a browser sends as Origin). */
export function normaliseOrigin(entry: string): string | undefined {
  try {
    const url = new URL(entry.trim());
    return `${url.protocol}//${url.host.replace(/\.(?=$|:)/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * Problems of an origin allowlist: wildcards, non-origins (paths, userinfo), plain http
 * and local, IP or private hosts in live, and entries that are duplicates once normalised.
 */
export function allowlistProblems(entries: readonly string[], environment: 'live' | 'sandbox'): AllowlistProblem[] {
  const problems: AllowlistProblem[] = [];
  const seen = new Map<string, string>();
  if (entries.length === 0) problems.push({ entry: '(empty)', problem: 'the allowlist is empty' });
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry.includes('*')) {
      problems.push({ entry: raw, problem: 'wildcard: every entry must name one origin' });
      continue;
    }
    if (entry === 'null') {
      problems.push({ entry: raw, problem: '"null" admits sandboxed iframes and file: pages' });
      continue;
    }
    const parts = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(entry);
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!parts || !url?.host) {
      problems.push({ entry: raw, problem: 'not an origin (expected scheme://host[:port])' });
      continue;
    }
    if (parts[2]!.includes('@')) problems.push({ entry: raw, problem: 'has userinfo: an origin is scheme://host[:port] only' });
    if (parts[3]) problems.push({ entry: raw, problem: `has a path, query or fragment (${parts[3]}): browsers send the origin without it` });
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push({ entry: raw, problem: `scheme ${url.protocol} is not a web origin` });
    if (environment === 'live') {
      const host = bareHost(url.hostname).toLowerCase();
      if (url.protocol === 'http:') problems.push({ entry: raw, problem: 'plain http in live: origins must be https' });
      if (host === 'localhost' || PRIVATE_SUFFIXES.some((s) => host.endsWith(s)))
        problems.push({ entry: raw, problem: `local or private host ${host} in live` });
      else if (isIP(host)) problems.push({ entry: raw, problem: `IP address ${host} in live: name the production host` });
    }
    const normal = normaliseOrigin(entry);
    if (normal) {
      const first = seen.get(normal);
      if (first !== undefined) problems.push({ entry: raw, problem: `duplicate of ${JSON.stringify(first)} once normalised (${normal})` });
      else seen.set(normal, raw);
    }
  }
  return problems;
}

export interface OriginProbe {
  name: string;
  origin: string;
}

/**
 * Origins a correct allowlist refuses when it admits `origin`: a random one (reflection),
 * the allowed host as a prefix or suffix of another (`https://shop.example.evil.com`,
 * `https://evilshop.example`), a sibling under the same parent domain (suffix matching on
 * `.example`), plain http, and `null`.
 */
export function lookAlikeOrigins(origin: string): OriginProbe[] {
  const url = new URL(origin);
  const host = url.host;
  const labels = url.hostname.split('.');
  const random = randomBytes(4).toString('hex');
  const probes: OriginProbe[] = [
    { name: 'random origin', origin: `https://launch-probe-${random}.com` },
    { name: 'allowed host as prefix', origin: `${url.protocol}//${url.hostname}.evil.com${url.port ? `:${url.port}` : ''}` },
    { name: 'allowed host as suffix', origin: `${url.protocol}//evil${host}` },
  ];
  if (labels.length >= 2)
    probes.push({
      name: 'sibling under the same parent domain',
      origin: `${url.protocol}//evil-${random}.${labels.slice(1).join('.')}${url.port ? `:${url.port}` : ''}`,
    });
  if (url.protocol === 'https:') probes.push({ name: 'plain http', origin: `http://${host}` });
  probes.push({ name: 'null origin', origin: 'null' });
  return probes;
}

export interface RedirectProbe {
  name: string;
  url: string;
}

/**
 * Open-redirect variants of an allowed return URL: each leaves the allowed origin once a
 * browser (WHATWG URL parsing) follows it, but fools `startsWith`, naive host parsing or
 * a decode-after-check.
 */
export function openRedirectProbes(allowed: string): RedirectProbe[] {
  const url = new URL(allowed);
  const host = url.host;
  const rest = `${url.pathname}${url.search}`;
  const scheme = url.protocol;
  return [
    { name: 'other host', url: `${scheme}//evil.com${rest}` },
    { name: 'allowed host as prefix', url: `${scheme}//${host}.evil.com${rest}` },
    { name: 'allowed host as suffix', url: `${scheme}//evil${host}${rest}` },
    { name: 'userinfo', url: `${scheme}//${host}@evil.com${rest}` },
    { name: 'encoded userinfo', url: `${scheme}//${host}%2F@evil.com${rest}` },
    { name: 'scheme-relative', url: `//evil.com${rest}` },
    { name: 'backslash scheme-relative', url: `/\\evil.com${rest}` },
    { name: 'backslash before userinfo', url: `${scheme}//evil.com\\@${host}${rest}` },
    { name: 'encoded scheme-relative', url: `%2F%2Fevil.com${rest}` },
    { name: 'tab inside the host', url: `${scheme}//${host}\t.evil.com${rest}` },
    { name: 'javascript scheme', url: `javascript://${host}/%0aalert(document.domain)` },
  ];
}
