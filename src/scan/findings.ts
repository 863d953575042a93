import { createHmac, randomBytes } from 'node:crypto';
import type { Finding } from '../evidence/types.js';
import { environmentOf, type Detection, type DetectorKind, type Encoding } from './detectors.js';
import { maskValue } from './mask.js';

/** One thing the scanner found, located and masked. The raw value is not kept. */
export interface ScanFinding {
  kind: DetectorKind;
  /** `sk_live_…9f2c`: the only form of the value that leaves the scanner. */
  masked: string;
  file: string;
  /** 1-based line and column of the (encoded) value in `file`, or in `source`. */
  line: number;
  column: number;
  /** For a value inside a source map's `sourcesContent`: the original source it belongs to. */
  source?: string;
  encoding?: Encoding;
  /** `live` or `sandbox` when the credential's shape says so. */
  environment?: 'live' | 'sandbox';
  /** The value is one of the `knownSecrets` the caller named. */
  known: boolean;
  /**
   * A keyed hash of the value, comparable with `fingerprint(value)` in the same process.
   * It lets a matcher ask "is this the publishable key I was given?" without keeping the
   * value; it is dropped from evidence.
   */
  fingerprint: string;
}

export type SkipReason = 'binary' | 'too-large' | 'symlink-loop' | 'unreadable' | 'not-a-file' | 'cross-origin' | 'http-error' | 'limit';

export interface SkippedEntry {
  file: string;
  reason: SkipReason;
  detail?: string;
}

export interface ScanReport {
  /** Files (or URLs) that were read and scanned. */
  scanned: string[];
  /** Files (or URLs) that were not scanned, and why. */
  skipped: SkippedEntry[];
  findings: ScanFinding[];
  /** Bytes read and scanned. */
  bytes: number;
}

const PROCESS_KEY = randomBytes(32);

/** The keyed hash `ScanFinding.fingerprint` holds for `value`. */
export function fingerprint(value: string): string {
  return createHmac('sha256', PROCESS_KEY).update(value).digest('hex').slice(0, 32);
}

export function toScanFinding(d: Detection, where: { file: string; line: number; column: number; source?: string }): ScanFinding {
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
  return { scanned: [], skipped: [], findings: [], bytes: 0 };
}

export function mergeReports(...reports: ScanReport[]): ScanReport {
  const out = emptyReport();
  for (const r of reports) {
    out.scanned.push(...r.scanned);
    out.skipped.push(...r.skipped);
    out.findings.push(...r.findings);
    out.bytes += r.bytes;
  }
  return out;
}

/** `dist/app.js:1:2034` or `dist/app.js.map ▸ src/config.ts:3:14`. */
export function formatLocation(f: Pick<ScanFinding, 'file' | 'line' | 'column' | 'source'>): string {
  return f.source === undefined ? `${f.file}:${f.line}:${f.column}` : `${f.file} ▸ ${f.source}:${f.line}:${f.column}`;
}

/** One line per finding for a failure message: where, what, the masked value, how it was hidden. */
export function describeFinding(f: ScanFinding): string {
  const how = f.encoding ? ` (${f.encoding === 'concatenation' ? 'split across a string concatenation' : `${f.encoding}-encoded`})` : '';
  return `${formatLocation(f)}  ${f.kind.replace(/_/g, ' ')} ${f.masked}${how}`;
}

/** The evidence form of a finding (no fingerprint). */
export function toEvidenceFinding(f: ScanFinding, note?: string): Finding {
  const notes = [f.source === undefined ? undefined : `in sourcesContent of ${f.source}`, f.encoding ? `${f.encoding}` : undefined, note].filter(Boolean);
  return {
    kind: f.kind,
    masked: f.masked,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
