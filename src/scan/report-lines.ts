import type { Finding } from '../evidence/types.js';
import { describeFinding, toEvidenceFinding, type ScanFinding, type ScanReport } from './findings.js';

/** Findings listed in a failure message before "…and N more". */
const MESSAGE_LIMIT = 25;
/** Entries kept in evidence lists (file names, findings) so a huge build stays readable. */
const EVIDENCE_LIMIT = 200;

/** `file:line:column  kind masked (how)` lines, capped, for a failure message. */
export function findingLines(findings: readonly ScanFinding[], note?: (f: ScanFinding) => string | undefined): string[] {
  const lines = findings.slice(0, MESSAGE_LIMIT).map((f) => {
    const extra = note?.(f);
    return extra ? `${describeFinding(f)} — ${extra}` : describeFinding(f);
  });
  if (findings.length > MESSAGE_LIMIT) lines.push(`…and ${findings.length - MESSAGE_LIMIT} more`);
  return lines;
}

/** `skipped 3: binary 2, too-large 1` (or nothing when all was scanned). */
export function skippedLine(report: Pick<ScanReport, 'skipped'>): string[] {
  if (report.skipped.length === 0) return [];
  const byReason = new Map<string, number>();
  for (const s of report.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [`skipped ${report.skipped.length}: ${[...byReason].map(([r, n]) => `${r} ${n}`).join(', ')}`];
}

export function countByKind(findings: readonly ScanFinding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

/** The scan as evidence details: what was read, what was skipped and why, counts. */
export function scanDetails(report: ScanReport, findings: readonly ScanFinding[]): Record<string, unknown> {
  return {
    filesScanned: report.scanned.length,
    bytesScanned: report.bytes,
    files: report.scanned.slice(0, EVIDENCE_LIMIT),
    skipped: report.skipped.slice(0, EVIDENCE_LIMIT),
    findings: countByKind(findings),
  };
}

export function evidenceFindings(findings: readonly ScanFinding[], note?: (f: ScanFinding) => string | undefined): Finding[] {
  return findings.slice(0, EVIDENCE_LIMIT).map((f) => toEvidenceFinding(f, note?.(f)));
}
