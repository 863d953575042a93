import type { Dirent, Stats } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DetectOptions } from './detectors.js';
import { emptyReport, type ScanReport, type SkipReason } from './findings.js';
import { refineSourceMapFindings } from './source-maps.js';
import { scanFileStream } from './text.js';

export interface ScanOptions extends DetectOptions {
  /** Files larger than this are skipped and listed (default 128 MiB). */
  maxFileBytes?: number;
  /** Files are read and scanned in windows of this many bytes (default 4 MiB). */
  chunkBytes?: number;
  /** In source maps up to this size, findings name the original source and line (default 64 MiB). */
  sourceMapParseBytes?: number;
  /** File names in the report are relative to this directory (default: the working directory). */
  relativeTo?: string;
}

const DEFAULT_MAX_FILE_BYTES = 128 * 1024 * 1024;
const DEFAULT_SOURCE_MAP_PARSE_BYTES = 64 * 1024 * 1024;

/** A path as reports show it: relative to `relativeTo` when inside it, else absolute. */
export function displayName(abs: string, relativeTo: string): string {
  const rel = relative(relativeTo, abs);
  const name = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return sep === '/' ? name : name.split(sep).join('/');
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Scans a file or a directory tree. Binary files, files over the size limit, symlink
 * loops, special files and unreadable entries are skipped and listed; nothing in the
 * tree makes the scan throw. Only a missing root is an error, since it is a caller's typo.
 */
export async function scanPath(path: string, options: ScanOptions = {}): Promise<ScanReport> {
  const report = emptyReport();
  const root = resolve(path);
  const name = (abs: string) => displayName(abs, resolve(options.relativeTo ?? process.cwd()));
  const skip = (abs: string, reason: SkipReason, detail?: string) =>
    report.skipped.push({ file: name(abs), reason, ...(detail ? { detail } : {}) });
  const rootStats = await stat(root);
  if (rootStats.isDirectory()) {
    const real = await realpath(root);
    await walk(root, new Set([real]), new Set([real]), report, options, name, skip);
  } else {
    await scanEntry(root, rootStats, report, options, name, skip);
  }
  return report;
}

type Namer = (abs: string) => string;
type Skipper = (abs: string, reason: SkipReason, detail?: string) => void;

async function walk(
  dir: string,
  ancestors: Set<string>,
  visited: Set<string>,
  report: ScanReport,
  options: ScanOptions,
  name: Namer,
  skip: Skipper,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    skip(dir, 'unreadable', errorCode(error));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    let stats: Stats;
    try {
      stats = entry.isSymbolicLink() ? await stat(abs) : await lstat(abs);
    } catch (error) {
      skip(abs, 'unreadable', errorCode(error));
      continue;
    }
    if (stats.isDirectory()) {
      let real: string;
      try {
        real = await realpath(abs);
      } catch (error) {
        skip(abs, 'unreadable', errorCode(error));
        continue;
      }
      if (ancestors.has(real)) {
        skip(abs, 'symlink-loop', `links back to ${name(real)}`);
        continue;
      }
      if (visited.has(real)) continue; // another link to a directory already scanned
      visited.add(real);
      await walk(abs, new Set([...ancestors, real]), visited, report, options, name, skip);
      continue;
    }
    await scanEntry(abs, stats, report, options, name, skip);
  }
}

async function scanEntry(abs: string, stats: Stats, report: ScanReport, options: ScanOptions, name: Namer, skip: Skipper): Promise<void> {
  if (!stats.isFile()) {
    skip(abs, 'not-a-file');
    return;
  }
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (stats.size > maxFileBytes) {
    skip(abs, 'too-large', `${stats.size} bytes > ${maxFileBytes}`);
    return;
  }
  const file = name(abs);
  try {
    const result = scanFileStream(abs, { file }, options);
    if (result.binary) {
      skip(abs, 'binary');
      return;
    }
    if (abs.endsWith('.map') && result.findings.length > 0 && stats.size <= (options.sourceMapParseBytes ?? DEFAULT_SOURCE_MAP_PARSE_BYTES)) {
      result.findings = refineSourceMapFindings(result.findings, await readFile(abs, 'latin1'));
    }
    report.findings.push(...result.findings);
    report.bytes += result.bytes;
    report.scanned.push(file);
  } catch (error) {
    skip(abs, 'unreadable', errorCode(error));
  }
}
