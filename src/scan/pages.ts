import { describeTarget, isEndpoint, send, type Endpoint, type HttpTarget } from '../http/target.js';
import { planFor, type Detection, type DetectOptions, type DetectorPlan } from '../detect/detectors.js';
import { fileScan } from './file-scan.js';
import { emptyReport, type ScanReport } from './findings.js';
import { READ_BYTES } from './text.js';

/** A page to scan: an absolute http(s) URL, or `endpoint(app, '/')` for an in-process app. */
export type PageSpec = string | URL | Endpoint;

/** Same-origin resources fetched per page at most (scripts, their chunks and source maps). */
const MAX_RESOURCES = 200;
const IN_PROCESS_ORIGIN = 'http://launch.test';

const HTML_REFERENCES = [
  /<script\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi,
  /<link\b(?=[^>]*\brel\s*=\s*["']?(?:modulepreload|preload|stylesheet)\b)[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)/gi,
];
/** Static and dynamic imports of relative or root paths, as bundlers emit them. */
const JS_REFERENCES = [/(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s*)["'`]((?:\.{1,2}\/|\/)[^"'`\s]+\.m?js)["'`]/g];
const SOURCE_MAP_REFERENCE = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/m;

interface Resolved {
  target: HttpTarget;
  /** The page's URL (real or, for in-process targets, under http://launch.test). */
  url: URL;
  /** Names resources in the report: full URLs for real servers, paths for in-process apps. */
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

function references(body: string, patterns: readonly RegExp[]): string[] {
  const out: string[] = [];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(body); m; m = re.exec(body)) out.push(m[1]!);
  }
  return out;
}

/** Scans one response body (a source map by its path) into the report; says why a map is malformed. */
function scanBody(report: ScanReport, plan: DetectorPlan, file: string, body: string, isMap: boolean, allow?: (d: Detection) => boolean): string | undefined {
  const scan = fileScan(report, plan, file, isMap, allow);
  for (let at = 0; at < body.length; at += READ_BYTES) scan.push(body.slice(at, at + READ_BYTES));
  return scan.end();
}

/**
 * Fetches each page and every same-origin script, stylesheet, chunk and source map it
 * references (transitively, up to 200), and scans them all. Cross-origin references are
 * listed as skipped: they are not this integration's artefacts. A page that cannot be
 * fetched, or more resources than the limit, leave the scan incomplete (`unscanned`); a
 * referenced resource that answers with an error is skipped, as a browser gets nothing.
 */
export async function scanPages(pages: readonly PageSpec[], options: DetectOptions & { allow?: (d: Detection) => boolean } = {}): Promise<ScanReport> {
  const report = emptyReport();
  const plan = planFor(options);
  for (const page of pages) {
    const { target, url, name } = resolvePage(page);
    const queue: URL[] = [url];
    const seen = new Set<string>([url.href]);
    let fetched = 0;
    while (queue.length > 0) {
      const next = queue.shift()!;
      const file = name(next);
      if (++fetched > MAX_RESOURCES) {
        report.unscanned.push({ file, reason: 'limit', detail: `the page references more than ${MAX_RESOURCES} resources; scan the build with clientDir` });
        continue;
      }
      let res: Awaited<ReturnType<typeof send>>;
      try {
        res = await send(target, { method: 'GET', path: `${next.pathname}${next.search}` });
      } catch (error) {
        report.unscanned.push({ file, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (res.status < 200 || res.status > 299) {
        if (next === url) report.unscanned.push({ file, reason: 'http-error', detail: `HTTP ${res.status}` });
        else report.skipped.push({ file, reason: 'http-error', detail: `HTTP ${res.status}` });
        continue;
      }
      report.scanned.push(file);
      report.bytes += Buffer.byteLength(res.body);
      const isMap = next.pathname.endsWith('.map');
      const problem = scanBody(report, plan, file, res.body, isMap, options.allow);
      if (problem !== undefined)
        report.unscanned.push({ file, reason: 'invalid-source-map', detail: `scanned as text, but not a well-formed source map: it ${problem}` });
      const refs = isMap ? [] : references(res.body, next === url || /html/.test(res.headers['content-type'] ?? '') ? HTML_REFERENCES : JS_REFERENCES);
      const map = isMap ? undefined : SOURCE_MAP_REFERENCE.exec(res.body)?.[1];
      if (map && !map.startsWith('data:')) refs.push(map);
      for (const ref of refs) {
        let resolved: URL;
        try {
          resolved = new URL(ref, next);
        } catch {
          continue;
        }
        if (seen.has(resolved.href)) continue;
        seen.add(resolved.href);
        if (resolved.origin !== url.origin) {
          report.skipped.push({ file: resolved.href, reason: 'cross-origin' });
          continue;
        }
        queue.push(resolved);
      }
    }
  }
  return report;
}
