/**
 * How the scanning matchers present a scan: failure-message lines and evidence, both
 * capped so a huge build stays readable, and both holding masked values only.
 */
import type { Finding } from '../evidence/types.js';
import { describeFinding, type ScanFinding, type ScanReport, type UnscannedEntry } from '../scan/findings.js';

/** Findings listed in a failure message before "…and N more". */
const MESSAGE_LIMIT = 25;
/** Entries kept in evidence lists (file names, findings) so a huge build stays readable. */
const EVIDENCE_LIMIT = 200;

/** `file:line:column  kind masked (how)` lines, capped, for a failure message. */
export function findingLines(findings: readonly ScanFinding[], total: number, note?: (f: ScanFinding) => string | undefined): string[] {
  const lines = findings.slice(0, MESSAGE_LIMIT).map((f) => {
    const extra = note?.(f);
    return extra ? `${describeFinding(f)} — ${extra}` : describeFinding(f);
  });
  if (total > lines.length) lines.push(`…and ${total - lines.length} more`);
  return lines;
}

const FIXES: Readonly<Record<UnscannedEntry['reason'], string>> = {
  unreadable: 'make it readable by the test run',
  'too-large': 'raise maxFileBytes',
  'outside-root': 'copy what it links to into the build, or scan that in its own right',
  'invalid-source-map': 'fix the map (the build wrote it)',
  archive: 'ship its files unpacked',
  'http-error': 'check that the page URL is served',
  limit: 'scan the build with clientDir',
};

/** Why one file could not be scanned, and the two ways out: fix it, or exclude it on purpose. */
export function unscannedLine(u: UnscannedEntry): string {
  const exclude = u.excludeAs === undefined ? '' : `, or leave it out on purpose with exclude: [${JSON.stringify(u.excludeAs)}]`;
  return `not scanned: ${u.file} (${u.reason}${u.detail ? `: ${u.detail}` : ''}) — ${FIXES[u.reason]}${exclude}`;
}

/** Lines for every file that could not be scanned, capped. */
export function unscannedLines(report: Pick<ScanReport, 'unscanned'>): string[] {
  const lines = report.unscanned.slice(0, MESSAGE_LIMIT).map(unscannedLine);
  if (report.unscanned.length > MESSAGE_LIMIT) lines.push(`…and ${report.unscanned.length - MESSAGE_LIMIT} more not scanned`);
  return lines;
}

/** `not read on purpose: excluded 2, special-file 1` (or nothing). */
export function skippedLine(report: Pick<ScanReport, 'skipped'>): string[] {
  if (report.skipped.length === 0) return [];
  const byReason = new Map<string, number>();
  for (const s of report.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [`not read on purpose: ${[...byReason].map(([r, n]) => `${r} ${n}`).join(', ')}`];
}

export function countByKind(findings: readonly ScanFinding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

/** The scan as evidence details: what was read, what was not and why, counts. */
export function scanDetails(report: ScanReport): Record<string, unknown> {
  const allowed: Record<string, number> = {};
  for (const [kind, a] of Object.entries(report.allowed)) if (a) allowed[kind] = a.count;
  return {
    filesScanned: report.scanned.length,
    bytesScanned: report.bytes,
    files: report.scanned.slice(0, EVIDENCE_LIMIT),
    unscanned: report.unscanned.slice(0, EVIDENCE_LIMIT),
    skipped: report.skipped.slice(0, EVIDENCE_LIMIT),
    findings: report.findingCount,
    allowed,
  };
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

export function evidenceFindings(findings: readonly ScanFinding[], note?: (f: ScanFinding) => string | undefined): Finding[] {
  return findings.slice(0, EVIDENCE_LIMIT).map((f) => toEvidenceFinding(f, note?.(f)));
}
