/**
 * Reads customer-facing copy from disk and from served pages, and finds its claims. The
 * I/O edge of `src/claims/`: walking, reading, fetching and source maps live here; what
 * counts as a claim does not.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { crawlPages, type PageSpec } from '../http/crawl.js';
import { displayPath } from '../base/display-path.js';
import { claimsInFile, type ClaimFinding } from './claims.js';
import { formatOf, type CopyFormat } from './extract.js';
import { LANGUAGES, type Language } from './lexicon.js';

/** Where customer-facing copy lives: directories (built client, i18n catalogues, email templates) and served pages. */
export interface CopySurface {
  copyDir?: string | readonly string[];
  pages?: readonly PageSpec[];
}

export interface CopyScanOptions {
  languages?: readonly Language[];
  /** Files larger than this are skipped and listed (default 32 MiB). */
  maxFileBytes?: number;
  /** File names in the report are relative to this directory (default: the working directory). */
  relativeTo?: string;
}

/**
 * A file or page the claims scan did not read. `binary` and `cross-origin` are not copy a
 * customer reads here; the others are copy that could not be read, which fails the matcher.
 */
export interface CopySkip {
  file: string;
  reason: 'binary' | 'cross-origin' | 'too-large' | 'unreadable' | 'http-error' | 'limit';
  detail?: string;
}

/** Skip reasons that mean copy went unread (the matcher cannot vouch for it). */
export const UNREAD_COPY: ReadonlySet<CopySkip['reason']> = new Set(['too-large', 'unreadable', 'http-error', 'limit']);

export interface CopyScanReport {
  findings: ClaimFinding[];
  /** Files and URLs read. */
  scanned: string[];
  skipped: CopySkip[];
  /** Files left out because they hold no copy, counted by extension (`.png: 4`). */
  ignored: Record<string, number>;
  /** Pieces of copy read. */
  segments: number;
  bytes: number;
}

const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Directories that are never an app's own copy. */
const SKIP_DIRS = new Set(['node_modules', '.git']);
const MAX_PAGE_RESOURCES = 200;
const SCRIPT_SRC = /<script\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi;
const SOURCE_MAP_URL = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/;

function emptyReport(): CopyScanReport {
  return { findings: [], scanned: [], skipped: [], ignored: {}, segments: 0, bytes: 0 };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
}

/** Every file under `root`, sorted, without node_modules, .git and other dot-directories. */
async function filesUnder(root: string): Promise<string[]> {
  const rootStats = await stat(root);
  if (!rootStats.isDirectory()) return [root];
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(abs);
      } else if (entry.isFile()) out.push(abs);
    }
  };
  await walk(root);
  return out;
}

/** Points findings in a bundle at their original source line, when the bundle has a source map. */
async function mapToSources(abs: string, text: string, findings: ClaimFinding[], name: (abs: string) => string): Promise<void> {
  const reference = SOURCE_MAP_URL.exec(text.slice(-1024))?.[1];
  if (reference?.startsWith('data:')) return;
  const mapPath = reference ? resolve(dirname(abs), reference) : `${abs}.map`;
  let map: TraceMap;
  try {
    map = new TraceMap(await readFile(mapPath, 'utf8'), mapPath);
  } catch {
    return;
  }
  for (const finding of findings) {
    const original = originalPositionFor(map, { line: finding.line, column: finding.column - 1 });
    if (original.source && original.line) {
      const source = original.source.startsWith('file://') ? new URL(original.source).pathname : original.source;
      finding.source = `${name(resolve(source))}:${original.line}`;
    }
  }
}

async function scanFile(abs: string, format: CopyFormat, report: CopyScanReport, options: CopyScanOptions, name: (abs: string) => string) {
  const file = name(abs);
  let bytes: Buffer;
  try {
    const size = (await stat(abs)).size;
    const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (size > limit) {
      report.skipped.push({ file, reason: 'too-large', detail: `${size} bytes > ${limit}` });
      return;
    }
    bytes = await readFile(abs);
  } catch (error) {
    report.skipped.push({ file, reason: 'unreadable', detail: errorCode(error) });
    return;
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    report.skipped.push({ file, reason: 'binary' });
    return;
  }
  const text = bytes.toString('utf8');
  const found = claimsInFile(file, format, text, options.languages ?? LANGUAGES);
  if (format === 'script' && found.findings.length > 0) await mapToSources(abs, text, found.findings, name);
  for (const finding of found.findings) report.findings.push(finding);
  report.segments += found.segments;
  report.bytes += bytes.length;
  report.scanned.push(file);
}

async function scanDir(root: string, report: CopyScanReport, options: CopyScanOptions): Promise<void> {
  const base = resolve(options.relativeTo ?? process.cwd());
  const name = (abs: string) => displayPath(abs, base);
  for (const abs of await filesUnder(resolve(root))) {
    const format = abs.endsWith('.map') ? undefined : formatOf(abs);
    if (!format) {
      const ext = /\.[^./\\]+$/.exec(abs)?.[0]?.toLowerCase() ?? '(none)';
      report.ignored[ext] = (report.ignored[ext] ?? 0) + 1;
      continue;
    }
    await scanFile(abs, format, report, options, name);
  }
}

/** Fetches each page and the same-origin scripts it loads, and finds the claims in their copy. */
async function scanPages(pages: readonly PageSpec[], report: CopyScanReport, options: CopyScanOptions): Promise<void> {
  await crawlPages<CopyFormat>(pages, {
    pageKind: 'markup',
    limit: MAX_PAGE_RESOURCES,
    refused: ({ file, reason, detail }) => report.skipped.push({ file, reason, detail }),
    crossOrigin: (href) => report.skipped.push({ file: href, reason: 'cross-origin' }),
    visit({ file, kind, response }) {
      const found = claimsInFile(file, kind, response.body, options.languages ?? LANGUAGES);
      for (const finding of found.findings) report.findings.push(finding);
      report.segments += found.segments;
      report.bytes += Buffer.byteLength(response.body);
      report.scanned.push(file);
      if (kind !== 'markup') return [];
      return Array.from(response.body.matchAll(SCRIPT_SRC), (m) => ({ ref: m[1]!, kind: 'script' as const }));
    },
  });
}

/**
 * Finds launch-confirmation claims in every copy file under the directories and in every
 * page (with the scripts it loads). A missing directory is the caller's typo and throws;
 * anything unreadable inside is skipped and listed.
 */
export async function scanCopy(surface: CopySurface, options: CopyScanOptions = {}): Promise<CopyScanReport> {
  const report = emptyReport();
  const dirs = surface.copyDir === undefined ? [] : typeof surface.copyDir === 'string' ? [surface.copyDir] : surface.copyDir;
  for (const dir of dirs) await scanDir(dir, report, options);
  if (surface.pages?.length) await scanPages(surface.pages, report, options);
  return report;
}
