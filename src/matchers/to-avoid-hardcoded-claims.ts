import { z } from 'zod';
import { detectClaims, type PhraseKind } from '../claims/detect.js';
import { partitionAllowed, type AllowEntry, type AllowedFinding } from '../claims/allow.js';
import type { ClaimFinding, ClaimKind } from '../claims/claims.js';
import { LANGUAGES, type Language } from '../claims/lexicon.js';
import { platformNamesRegionsIn } from '../claims/regions.js';
import { scanCopy, UNREAD_COPY, type CopyScanReport, type CopySurface } from '../claims/scan.js';
import type { Check, Finding } from '../evidence/types.js';
import { pageSchema } from './client-surface.js';
import { finish, misuse, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

export type { CopySurface } from '../claims/scan.js';
export type { AllowEntry } from '../claims/allow.js';

export interface AvoidClaimsOptions {
  /** Reviewed phrases to let through: a phrase (case and spacing ignored), a RegExp, or `{ phrase, reviewedBy, reason? }`. */
  allow?: AllowEntry[];
  /** Copy languages to read (default `['en', 'de']`). */
  languages?: Language[];
  /** Files larger than this are skipped and listed (default 32 MiB). */
  maxFileBytes?: number;
}

const NAME = 'toAvoidHardcodedClaims';
const MESSAGE_LIMIT = 25;
const EVIDENCE_LIMIT = 200;

const LABEL: Record<ClaimKind, string> = {
  region_claim: 'permanent region claim',
  verification_promise: 'verification-outcome promise',
  country_allowlist: 'hardcoded country allowlist',
};

const surfaceSchema = z
  .strictObject({
    copyDir: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    pages: z.array(pageSchema).optional(),
  })
  .refine((s) => s.copyDir !== undefined || (s.pages?.length ?? 0) > 0, { message: 'name copyDir and/or pages to scan' });

const allowEntrySchema = z.union([
  z.string().trim().min(1),
  z.instanceof(RegExp),
  z.strictObject({
    phrase: z.union([z.string().trim().min(1), z.instanceof(RegExp)]),
    reviewedBy: z.string().trim().min(1).optional(),
    reason: z.string().optional(),
  }),
]);

const optionsSchema = z.strictObject({
  allow: z.array(allowEntrySchema).optional(),
  languages: z.array(z.enum(LANGUAGES)).min(1).optional(),
  maxFileBytes: z.number().int().positive().optional(),
});

/** Claims the detector must see before a clean scan counts: one of each kind, per language. */
const CANARIES: Record<Language, Record<PhraseKind, string>> = {
  en: { region_claim: 'Now available in Germany and France.', verification_promise: 'Guaranteed verification in 2 minutes.' },
  de: { region_claim: 'Jetzt in Deutschland und Frankreich verfügbar.', verification_promise: 'Verifizierung garantiert in 2 Minuten.' },
};

/** Positive control: the platform names regions in each language and the detector sees a planted claim of each kind. */
function selfTest(languages: readonly Language[]): Check {
  const problems: string[] = [];
  for (const language of languages) {
    if (!platformNamesRegionsIn(language)) problems.push(`this runtime has no region names in ${language} (Node.js without full ICU)`);
    for (const [kind, text] of Object.entries(CANARIES[language]) as Array<[PhraseKind, string]>) {
      if (!detectClaims(text, [language]).some((m) => m.kind === kind)) problems.push(`the ${language} detector missed the planted ${LABEL[kind]} “${text}”`);
    }
  }
  return { name: 'detector sees planted claims', ok: problems.length === 0, detail: problems.join('; ') || `one of each kind in ${languages.join(', ')}` };
}

const where = (f: ClaimFinding) => `${f.file}:${f.line}:${f.column}${f.source ? ` (${f.source})` : ''}`;

function findingLine(f: ClaimFinding): string {
  return `${where(f)} ${LABEL[f.kind]} “${f.phrase}” — write instead: ${f.suggestion}`;
}

function evidenceFinding(f: ClaimFinding, allowedBy?: string): Finding {
  return {
    kind: f.kind,
    masked: f.phrase.length > 200 ? `${f.phrase.slice(0, 199)}…` : f.phrase,
    file: f.source ? `${f.file} (${f.source})` : f.file,
    line: f.line,
    column: f.column,
    note: allowedBy ? `allowed: reviewed phrase ${allowedBy}` : `write instead: ${f.suggestion}`,
  };
}

function kindCheck(kind: ClaimKind, flagged: readonly ClaimFinding[], allowed: readonly AllowedFinding[]): Check {
  const n = flagged.filter((f) => f.kind === kind).length;
  const reviewed = allowed.filter((a) => a.finding.kind === kind).length;
  const name = {
    region_claim: 'no permanent region availability claims',
    verification_promise: 'no exact verification-outcome promises',
    country_allowlist: 'no hardcoded country allowlist deciding the flow',
  }[kind];
  return { name, ok: n === 0, detail: `${n} found${reviewed ? `, ${reviewed} reviewed and allowed` : ''}` };
}

function details(
  report: CopyScanReport,
  flagged: readonly ClaimFinding[],
  allowed: readonly AllowedFinding[],
  unused: string[],
  languages: readonly Language[],
) {
  const byKind: Record<string, number> = {};
  for (const f of flagged) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return {
    filesScanned: report.scanned.length,
    files: report.scanned.slice(0, EVIDENCE_LIMIT),
    skipped: report.skipped.slice(0, EVIDENCE_LIMIT),
    notCopy: report.ignored,
    segmentsRead: report.segments,
    bytesScanned: report.bytes,
    languages,
    findings: byKind,
    allowed: allowed.slice(0, EVIDENCE_LIMIT).map((a) => ({ at: where(a.finding), phrase: a.finding.phrase, allowedBy: a.allowedBy })),
    unusedAllow: unused,
  };
}

/** `not copy, not read: binary 2, cross-origin 1` (or nothing). */
function notCopyLine(report: CopyScanReport): string[] {
  const byReason = new Map<string, number>();
  for (const s of report.skipped) if (!UNREAD_COPY.has(s.reason)) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return byReason.size ? [`not copy, not read: ${[...byReason].map(([r, n]) => `${r} ${n}`).join(', ')}`] : [];
}

async function toAvoidHardcodedClaims(this: MatcherState, received: unknown, options?: AvoidClaimsOptions) {
  const surface = surfaceSchema.safeParse(received);
  if (!surface.success) misuse(NAME, `received: ${describeIssues(surface.error.issues)} — expected { copyDir?, pages? }`);
  const opts = optionsSchema.safeParse(options ?? {});
  if (!opts.success) misuse(NAME, describeIssues(opts.error.issues));
  const languages = opts.data.languages ?? [...LANGUAGES];
  const report = await scanCopy(surface.data as CopySurface, { languages, ...(opts.data.maxFileBytes && { maxFileBytes: opts.data.maxFileBytes }) }).catch(
    (error: unknown) =>
      misuse(NAME, `copyDir ${JSON.stringify(surface.data.copyDir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`),
  );
  const { flagged, allowed, unused } = partitionAllowed(report.findings, opts.data.allow ?? []);
  const control = selfTest(languages);
  const read = report.scanned.length > 0 && report.segments > 0;
  // Copy that could not be read may hold the claim: the scan cannot vouch for it (as the credential scan does not).
  const unread = report.skipped.filter((s) => UNREAD_COPY.has(s.reason));
  const pass = control.ok && read && unread.length === 0 && flagged.length === 0;
  const counts = (['region_claim', 'verification_promise', 'country_allowlist'] as const)
    .map((k) => [k, flagged.filter((f) => f.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${LABEL[k]}${n > 1 ? 's' : ''}`);
  const summary = !control.ok
    ? `the claim detector failed its self-test: ${control.detail}`
    : !read
      ? 'no customer-facing copy was read: no HTML, script, JSON, YAML, PO or text file or page with text'
      : unread.length > 0 && flagged.length === 0
        ? `${unread.length} piece(s) of customer-facing copy could not be read, so they may hold a claim: ${unread
            .slice(0, 3)
            .map((s) => `${s.file} (${s.reason}${s.detail ? `: ${s.detail}` : ''})`)
            .join(', ')}`
        : flagged.length > 0
          ? `${flagged.length} hardcoded claim(s) in customer-facing copy: ${counts.join(', ')}`
          : `no hardcoded claims in ${report.scanned.length} copy file(s) and page(s): ${report.segments} piece(s) of copy read${allowed.length ? `, ${allowed.length} reviewed phrase(s) allowed` : ''}`;
  const lines = flagged.slice(0, MESSAGE_LIMIT).map(findingLine);
  if (flagged.length > MESSAGE_LIMIT) lines.push(`…and ${flagged.length - MESSAGE_LIMIT} more`);
  return finish(this, NAME, 'availability', 'copy', {
    pass,
    summary,
    details: [
      ...(pass ? allowed.slice(0, MESSAGE_LIMIT).map((a) => `${findingLine(a.finding)} (allowed: ${a.allowedBy})`) : lines),
      ...unread.map(
        (s) => `could not read ${s.file} (${s.reason}${s.detail ? `: ${s.detail}` : ''}): fix it, or scan without it on purpose (maxFileBytes, copyDir)`,
      ),
      ...notCopyLine(report),
    ],
    evidence: {
      findings: [...flagged.map((f) => evidenceFinding(f)), ...allowed.map((a) => evidenceFinding(a.finding, a.allowedBy))].slice(0, EVIDENCE_LIMIT),
      checks: [
        control,
        { name: 'customer-facing copy was read', ok: read, detail: `${report.scanned.length} file(s) and page(s), ${report.segments} piece(s) of copy` },
        kindCheck('region_claim', flagged, allowed),
        kindCheck('verification_promise', flagged, allowed),
        kindCheck('country_allowlist', flagged, allowed),
      ],
      details: details(report, flagged, allowed, unused, languages),
    },
  });
}

/** The launch-confirmation copy matcher of the `availability` area. */
export const avoidHardcodedClaimsMatchers = { toAvoidHardcodedClaims };

declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Scans customer-facing copy (`{ copyDir?, pages? }`: HTML and templates, string literals
       * of the client build, i18n JSON/YAML/PO catalogues, text emails) for permanent region
       * availability claims ("available in all EU countries", "jetzt in Deutschland"), exact
       * verification-outcome promises ("instant approval", "verified in 2 minutes") and, in
       * scripts, hardcoded country allowlists that decide whether the checkout is shown. Each
       * finding names file:line:column, the phrase and what to write instead.
       *
       * @example
       * await expect({ copyDir: ['dist/client', 'locales', 'emails'] }).toAvoidHardcodedClaims({ allow: [{ phrase: 'available in Germany', reviewedBy: 'legal, 2026-02-01' }] })
       */
      toAvoidHardcodedClaims(options?: AvoidClaimsOptions): Promise<void>;
    }
  }
}
