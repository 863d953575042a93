import { createHmac, randomBytes } from 'node:crypto';
import { environmentOf, type Detection, type DetectorKind, type Encoding } from '../detect/detectors.js';
import { maskValue } from '../detect/mask.js';

/** Where a value sits: a file (or URL), and for a source map's `sourcesContent`, the original source. */
export interface Location {
  file: string;
  /** 1-based line and column of the (encoded) value in `file`, or in `source`. */
  line: number;
  column: number;
  /** For a value inside a source map's `sourcesContent`: the original source it belongs to. */
  source?: string;
}

/** One thing the scanner found, located and masked. The raw value is not kept. */
export interface ScanFinding extends Location {
  kind: DetectorKind;
  /** `sk_live_…9f2c`: the only form of the value that leaves the scanner. */
  masked: string;
  encoding?: Encoding;
  /** `live` or `sandbox` when the credential's shape says so. */
  environment?: 'live' | 'sandbox';
  /** The value is one of the `knownSecrets` the caller named. */
  known: boolean;
  /**
   * A keyed hash of the value, comparable with `fingerprint(value)` in the same process.
   * It lets a caller ask "is this the value I was given?" without keeping the value; it
   * is dropped from evidence.
   */
  fingerprint: string;
}

/**
 * Why a file of the surface could not be scanned. Each one makes the scan incomplete,
 * and the credential matchers fail on it until it is fixed or excluded on purpose.
 */
export type UnscannedReason = 'unreadable' | 'too-large' | 'outside-root' | 'invalid-source-map' | 'archive' | 'http-error' | 'limit';

export interface UnscannedEntry {
  file: string;
  reason: UnscannedReason;
  detail?: string;
  /** For a file under a scanned directory: its path relative to that directory, as an `exclude` glob names it. */
  excludeAs?: string;
}

/** Entries deliberately not read; none of them hides content a browser receives from this surface. */
export type SkipReason = 'excluded' | 'special-file' | 'pseudo-filesystem' | 'symlink-loop' | 'dangling-symlink' | 'cross-origin' | 'http-error';

export interface SkippedEntry {
  file: string;
  reason: SkipReason;
  detail?: string;
}

export interface AllowedCount {
  count: number;
  /** Where the first one was found. */
  first: Location;
}

export interface ScanReport {
  /** Files (or URLs) that were read and scanned in full. */
  scanned: string[];
  /** Bytes read and scanned (decompressed bytes for compressed files). */
  bytes: number;
  /** Reported findings, in scan order; at most FINDINGS_KEPT are kept. */
  findings: ScanFinding[];
  /** How many findings there were in all, kept or not. */
  findingCount: number;
  /** Detections the caller allowed (a publishable key in a browser build), counted by kind, not kept. */
  allowed: Partial<Record<DetectorKind, AllowedCount>>;
  /** Files of the surface that could not be scanned: the scan is incomplete while any is listed. */
  unscanned: UnscannedEntry[];
  /** Entries deliberately not read (excluded, special files, cross-origin scripts, …). */
  skipped: SkippedEntry[];
}

/** Findings kept one by one; beyond this they are only counted (a failure message shows 25). */
export const FINDINGS_KEPT = 1000;

const PROCESS_KEY = randomBytes(32);

/** The keyed hash `ScanFinding.fingerprint` holds for `value`. */
export function fingerprint(value: string): string {
  return createHmac('sha256', PROCESS_KEY).update(value).digest('hex').slice(0, 32);
}

export function toScanFinding(d: Detection, where: Location): ScanFinding {
  const environment = environmentOf(d.value);
  return {
    kind: d.kind,
    masked: maskValue(d.value, d.kind),
    file: where.file,
    line: where.line,
    column: where.column,
    ...(where.source === undefined ? {} : { source: where.source }),
    ...(d.encoding ? { encoding: d.encoding } : {}),
    ...(environment ? { environment } : {}),
    known: d.known ?? false,
    fingerprint: fingerprint(d.value),
  };
}

export function emptyReport(): ScanReport {
  return { scanned: [], bytes: 0, findings: [], findingCount: 0, allowed: {}, unscanned: [], skipped: [] };
}

/** Appends one list to another without spreading it into arguments (lists can be long). */
export function append<T>(to: T[], from: readonly T[]): void {
  for (const item of from) to.push(item);
}

/**
 * Adds a detection to the report: counted when `allow` says so, else kept as a finding.
 * `where` is asked only for what is kept (a finding, or the first of an allowed kind);
 * the object it returns is kept as is, so the caller may complete it later.
 */
export function record(
  report: ScanReport,
  d: Detection,
  allow: ((d: Detection) => boolean) | undefined,
  where: (d: Detection) => Location,
): Location | undefined {
  if (allow?.(d)) {
    const seen = report.allowed[d.kind];
    if (seen) {
      seen.count++;
      return undefined;
    }
    const first = where(d);
    report.allowed[d.kind] = { count: 1, first };
    return first;
  }
  report.findingCount++;
  if (report.findings.length >= FINDINGS_KEPT) return undefined;
  const finding = toScanFinding(d, where(d));
  report.findings.push(finding);
  return finding;
}

export function mergeReports(...reports: ScanReport[]): ScanReport {
  const out = emptyReport();
  for (const r of reports) {
    append(out.scanned, r.scanned);
    append(out.unscanned, r.unscanned);
    append(out.skipped, r.skipped);
    append(out.findings, r.findings.slice(0, FINDINGS_KEPT - out.findings.length));
    out.findingCount += r.findingCount;
    out.bytes += r.bytes;
    for (const [kind, a] of Object.entries(r.allowed) as Array<[DetectorKind, AllowedCount]>) {
      const seen = out.allowed[kind];
      if (seen) seen.count += a.count;
      else out.allowed[kind] = { count: a.count, first: a.first };
    }
  }
  return out;
}

/** `dist/app.js:1:2034` or `dist/app.js.map ▸ src/config.ts:3:14`. */
export function formatLocation(f: Location): string {
  return f.source === undefined ? `${f.file}:${f.line}:${f.column}` : `${f.file} ▸ ${f.source}:${f.line}:${f.column}`;
}

/** One line per finding for a failure message: where, what, the masked value, how it was hidden. */
export function describeFinding(f: ScanFinding): string {
  const how = f.encoding ? ` (${f.encoding === 'concatenation' ? 'split across a string concatenation' : `${f.encoding}-encoded`})` : '';
  return `${formatLocation(f)}  ${f.kind.replace(/_/g, ' ')} ${f.masked}${how}`;
}
