import { describeTarget, isEndpoint, send, type Endpoint, type HttpResponse, type HttpTarget } from './target.js';

/** A page to fetch: the URL of a running server, or an endpoint of an app (in-process or listening). */
export type PageSpec = string | URL | Endpoint;

/** Where an in-process app's page is placed, so that its relative references resolve. */
const IN_PROCESS_ORIGIN = 'http://launch.test';

interface Resolved {
  target: HttpTarget;
  /** The page's URL (real or, for in-process targets, under http://launch.test). */
  url: URL;
  /** Names resources in reports: full URLs for real servers, paths for in-process apps. */
  name: (url: URL) => string;
}

function resolvePage(page: PageSpec): Resolved {
  if (isEndpoint(page)) {
    if (describeTarget(page.target) === 'url') {
      const url = new URL(page.path, String(page.target));
      return { target: url.origin, url, name: (u) => u.href };
    }
    return { target: page.target, url: new URL(page.path, IN_PROCESS_ORIGIN), name: (u) => `${u.pathname}${u.search}` };
  }
  const url = new URL(String(page));
  return { target: url.origin, url, name: (u) => u.href };
}

/** A resource the crawl fetched. */
export interface FetchedResource<K> {
  /** Its name in reports. */
  file: string;
  url: URL;
  kind: K;
  /** The page itself, not something it references. */
  isPage: boolean;
  response: HttpResponse;
}

/** A resource the crawl did not get: over the limit, unreadable, or answered with an error. */
export interface Refusal {
  file: string;
  reason: 'limit' | 'unreadable' | 'http-error';
  detail: string;
  isPage: boolean;
}

export interface Crawl<K> {
  /** What the page itself is, as `visit` gets it. */
  pageKind: K;
  /** Fetches per page at most, the page included. */
  limit: number;
  refused(refusal: Refusal): void;
  /** A cross-origin reference, never fetched: not this integration's artefact. */
  crossOrigin(href: string): void;
  /** Reads a fetched resource; returns what it references (relative to it) and what kind each is. */
  visit(resource: FetchedResource<K>): Iterable<{ ref: string; kind: K }>;
}

/**
 * Fetches each page and, transitively, the same-origin resources `visit` finds in what it
 * fetched, each once, up to the limit per page. The scanners differ in what they read and
 * report, not in how a page's resources are found.
 */
export async function crawlPages<K>(pages: readonly PageSpec[], crawl: Crawl<K>): Promise<void> {
  for (const page of pages) {
    const { target, url, name } = resolvePage(page);
    const queue: Array<{ url: URL; kind: K }> = [{ url, kind: crawl.pageKind }];
    const seen = new Set([url.href]);
    for (let fetched = 1; queue.length > 0; fetched++) {
      const next = queue.shift()!;
      const file = name(next.url);
      const isPage = next.url === url;
      if (fetched > crawl.limit) {
        crawl.refused({ file, reason: 'limit', detail: `more than ${crawl.limit} resources referenced`, isPage });
        continue;
      }
      let response: HttpResponse;
      try {
        response = await send(target, { method: 'GET', path: `${next.url.pathname}${next.url.search}` });
      } catch (error) {
        crawl.refused({ file, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error), isPage });
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        crawl.refused({ file, reason: 'http-error', detail: `HTTP ${response.status}`, isPage });
        continue;
      }
      for (const { ref, kind } of crawl.visit({ file, url: next.url, kind: next.kind, isPage, response })) {
        let resolved: URL;
        try {
          resolved = new URL(ref, next.url);
        } catch {
          continue;
        }
        if (seen.has(resolved.href)) continue;
        seen.add(resolved.href);
        if (resolved.origin !== url.origin) crawl.crossOrigin(resolved.href);
        else queue.push({ url: resolved, kind });
      }
    }
  }
}
