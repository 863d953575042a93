/**
 * Every launch-confirmation claim in one file's copy, located by line and column. Pure:
 * the file's name and text in, findings out.
 */
import { findCountryAllowlists } from './allowlists.js';
import { detectClaims, type PhraseKind } from './detect.js';
import { extractCopy, fileOffset, type CopyFormat } from './extract.js';
import { LANGUAGES, SUGGESTIONS, type Language } from './lexicon.js';

export type ClaimKind = PhraseKind | 'country_allowlist';

export interface ClaimFinding {
  kind: ClaimKind;
  /** The copy language whose words made the claim (absent for allowlists, which are code). */
  language?: Language;
  /** The claim as written: the phrase, or the list literal. */
  phrase: string;
  /** The clause around the phrase, which reviewed-phrase allow entries are matched against. */
  clause: string;
  file: string;
  line: number;
  column: number;
  /** The original source position when a source map names it (`client-src/checkout.ts:42`). */
  source?: string;
  /** What to write instead. */
  suggestion: string;
}

export interface FileClaims {
  findings: ClaimFinding[];
  /** Pieces of copy read (text nodes, string literals, catalogue values). */
  segments: number;
}

/** 1-based line and column of offsets in one text, from a lazily built newline index. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  let newlines: number[] | undefined;
  return (offset) => {
    if (!newlines) {
      newlines = [];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
    }
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return { line: lo + 1, column: offset - (lo === 0 ? 0 : newlines[lo - 1]! + 1) + 1 };
  };
}

/** The claims in one file: phrases in its copy and, in scripts, hardcoded country allowlists. */
export function claimsInFile(file: string, format: CopyFormat, source: string, languages: readonly Language[] = LANGUAGES): FileClaims {
  const { segments, tokens } = extractCopy(format, source, file);
  const locate = lineLocator(source);
  const findings: ClaimFinding[] = [];
  for (const segment of segments) {
    for (const match of detectClaims(segment.text, languages)) {
      findings.push({
        kind: match.kind,
        language: match.language,
        phrase: match.phrase,
        clause: match.clause,
        file,
        ...locate(fileOffset(segment, match.start)),
        suggestion: SUGGESTIONS[match.kind][match.language],
      });
    }
  }
  for (const list of findCountryAllowlists(tokens, source)) {
    findings.push({
      kind: 'country_allowlist',
      phrase: list.literal,
      clause: `${list.literal} (decided by ${list.decidedBy})`,
      file,
      ...locate(list.start),
      suggestion: SUGGESTIONS.country_allowlist.en,
    });
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, segments: segments.length };
}
