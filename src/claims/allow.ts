/**
 * Reviewed phrases: copy a team has checked and decided to keep (a regulated statement,
 * a contractually fixed territory). Pure.
 */
import type { ClaimFinding } from './claims.js';

/** A phrase (case and spacing ignored) or pattern, optionally with who reviewed it. */
export type AllowEntry = string | RegExp | { phrase: string | RegExp; reviewedBy?: string; reason?: string };

export interface AllowedFinding {
  finding: ClaimFinding;
  /** The allow entry that let it through, as text. */
  allowedBy: string;
}

export interface AllowPartition {
  flagged: ClaimFinding[];
  allowed: AllowedFinding[];
  /** Allow entries that matched nothing: stale reviews worth removing. */
  unused: string[];
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function describeAllowEntry(entry: AllowEntry): string {
  if (typeof entry === 'string') return JSON.stringify(entry);
  if (entry instanceof RegExp) return String(entry);
  const phrase = describeAllowEntry(entry.phrase);
  return entry.reviewedBy ? `${phrase} (reviewed by ${entry.reviewedBy})` : phrase;
}

function allows(entry: AllowEntry, finding: ClaimFinding): boolean {
  const pattern = typeof entry === 'string' || entry instanceof RegExp ? entry : entry.phrase;
  if (typeof pattern === 'string') {
    const wanted = normalise(pattern);
    return normalise(finding.clause).includes(wanted) || normalise(finding.phrase).includes(wanted);
  }
  pattern.lastIndex = 0;
  const inClause = pattern.test(finding.clause);
  pattern.lastIndex = 0;
  return inClause || pattern.test(finding.phrase);
}

/** Splits findings into those an allow entry covers and the rest. */
export function partitionAllowed(findings: readonly ClaimFinding[], allow: readonly AllowEntry[]): AllowPartition {
  const used = new Set<AllowEntry>();
  const flagged: ClaimFinding[] = [];
  const allowed: AllowedFinding[] = [];
  for (const finding of findings) {
    const entry = allow.find((e) => allows(e, finding));
    if (entry === undefined) flagged.push(finding);
    else {
      used.add(entry);
      allowed.push({ finding, allowedBy: describeAllowEntry(entry) });
    }
  }
  return { flagged, allowed, unused: allow.filter((e) => !used.has(e)).map(describeAllowEntry) };
}
