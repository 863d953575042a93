import { crawlPages, type PageSpec } from '../http/crawl.js';
import { planFor, type Detection, type DetectOptions, type DetectorPlan } from '../detect/detectors.js';
import { fileScan } from './file-scan.js';
import { emptyReport, type ScanReport } from './findings.js';
import { READ_BYTES } from './text.js';

export type { PageSpec };

/** Same-origin resources fetched per page at most (scripts, their chunks and source maps). */
const MAX_RESOURCES = 200;

const HTML_REFERENCES = [
  /<script\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi,
  /<link\b(?=[^>]*\brel\s*=\s*["']?(?:modulepreload|preload|stylesheet)\b)[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)/gi,
];
/** Static and dynamic imports of relative or root paths, as bundlers emit them. */
const JS_REFERENCES = [/(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s*)["'`]((?:\.{1,2}\/|\/)[^"'`\s]+\.m?js)["'`]/g];
const SOURCE_MAP_REFERENCE = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/m;

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
  await crawlPages<'page' | 'resource'>(pages, {
    pageKind: 'page',
    limit: MAX_RESOURCES,
    refused({ file, reason, detail, isPage }) {
      if (reason === 'limit')
        report.unscanned.push({ file, reason, detail: `the page references more than ${MAX_RESOURCES} resources; scan the build with clientDir` });
      else if (reason === 'http-error' && !isPage) report.skipped.push({ file, reason, detail });
      else report.unscanned.push({ file, reason, detail });
    },
    crossOrigin: (href) => report.skipped.push({ file: href, reason: 'cross-origin' }),
    visit({ file, url, isPage, response }) {
      report.scanned.push(file);
      report.bytes += Buffer.byteLength(response.body);
      const isMap = url.pathname.endsWith('.map');
      const problem = scanBody(report, plan, file, response.body, isMap, options.allow);
      if (problem !== undefined)
        report.unscanned.push({ file, reason: 'invalid-source-map', detail: `scanned as text, but not a well-formed source map: it ${problem}` });
      if (isMap) return [];
      const refs = references(response.body, isPage || /html/.test(response.headers['content-type'] ?? '') ? HTML_REFERENCES : JS_REFERENCES);
      const map = SOURCE_MAP_REFERENCE.exec(response.body)?.[1];
      if (map && !map.startsWith('data:')) refs.push(map);
      return refs.map((ref) => ({ ref, kind: 'resource' as const }));
    },
  });
  return report;
}
