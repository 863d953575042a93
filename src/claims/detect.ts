/**
 * Finds launch-confirmation claims in one piece of customer-facing copy. Pure: text in,
 * matches out. A claim is two building blocks of one language (lexicon.ts) close together
 * in one clause — an availability word next to a region scope, or a verification word
 * next to a certainty or an exact duration — in a clause that is not about shipping,
 * returns, tax, law or a support desk.
 */
import { LANGUAGES, LEXICONS, type Language, type Lexicon } from './lexicon.js';
import { REGION_CODE, regionCodes, regionNamePattern } from './regions.js';

export type PhraseKind = 'region_claim' | 'verification_promise';

export interface PhraseMatch {
  kind: PhraseKind;
  language: Language;
  /** The claim as written, whitespace collapsed. */
  phrase: string;
  /** The clause it stands in (for reviewed-phrase allow lists), whitespace collapsed. */
  clause: string;
  /** Offsets of the phrase in the text given. */
  start: number;
  end: number;
}

export interface Span {
  start: number;
  end: number;
}

/** Building blocks further apart than this many words are not one claim. */
const MAX_GAP_WORDS = 4;
/** Clauses end at sentence punctuation, semicolons and blank lines; list commas stay inside. */
const CLAUSE_END = /[.!?]+(?=\s|$)|[;…]|\n\s*\n/gu;
/**
 * What stands right before a claim belongs to it: "not available in …" is a claim as much
 * as "available in …", and "nicht in Japan verfügbar" reads wrong without its "nicht in".
 */
const LEAD_IN =
  /(?<!\p{L})(?:(?:not|no\s+longer|nicht(?:\s+mehr)?|now|also|jetzt|auch|nun)\s+)*(?:(?:in|im|to|across|throughout|from|aus|innerhalb)\s+)?(?:(?:the|der|die|den|dem)\s+)?$/iu;
const GAP_BREAK = /[;()[\]{}<>]/u;
const WORD = /[\p{L}\p{N}]+/gu;

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every match of a global RegExp, without cloning it (matchAll would, and the region pattern is large). */
function spans(re: RegExp, text: string): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    else out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The clauses of a text: what one claim can span (sentences; list commas stay inside). */
export function splitClauses(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  CLAUSE_END.lastIndex = 0;
  for (const m of text.matchAll(CLAUSE_END)) {
    if (m.index > start) out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/** Two spans are one claim when they overlap or at most MAX_GAP_WORDS words stand between them. */
function near(text: string, a: Span, b: Span): boolean {
  const [first, second] = a.start <= b.start ? [a, b] : [b, a];
  if (second.start <= first.end) return true;
  const gap = text.slice(first.end, second.start);
  return !GAP_BREAK.test(gap) && (gap.match(WORD)?.length ?? 0) <= MAX_GAP_WORDS;
}

interface Mention extends Span {
  /** How many places the list names, and whether any is a name rather than a bare code. */
  count: number;
  named: boolean;
}

const ARTICLE_BEFORE = /(?:^|\s)(?:the|der|die|den|dem)\s+$/iu;

/**
 * Region mentions joined by commas, "and", "und der" … become one list span. A name
 * counts alone; a bare code only in a list of two or more, or after an article ("the EU").
 * Attributive uses ("EU sizes", "US-Größen") are not places.
 */
function regionLists(clause: string, lexicon: Lexicon, names: RegExp): Span[] {
  const codes = regionCodes();
  const named = spans(names, clause).map((s) => ({ ...s, named: true }));
  const coded = spans(REGION_CODE, clause)
    .filter((s) => codes.has(clause.slice(s.start, s.end)) && !named.some((n) => s.start < n.end && n.start < s.end))
    .map((s) => ({ ...s, named: false }));
  const places = [...named, ...coded].sort((a, b) => a.start - b.start).filter((s) => !lexicon.attributive.test(clause.slice(s.end)));
  const lists: Mention[] = [];
  for (const place of places) {
    const last = lists.at(-1);
    if (last && lexicon.listGlue.test(clause.slice(last.end, place.start))) {
      last.end = place.end;
      last.count++;
      last.named ||= place.named;
    } else lists.push({ start: place.start, end: place.end, count: 1, named: place.named });
  }
  return lists.filter((l) => l.named || l.count >= 2 || ARTICLE_BEFORE.test(clause.slice(0, l.start)));
}

const inside = (a: Span, b: Span) => a.start >= b.start && a.end <= b.end;

/**
 * Every pair (a from `left`, b from `right`) close enough to be one claim, as the span
 * covering both. A word inside the other part does not pair with it: "available" in "all
 * available countries" is a description of the countries, not a claim about them.
 */
function pairs(clause: string, left: Span[], right: Span[]): Span[] {
  const out: Span[] = [];
  for (const a of left) {
    for (const b of right) {
      if (!inside(a, b) && !inside(b, a) && near(clause, a, b)) out.push({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
    }
  }
  return out;
}

/** The tightest of the candidate spans: the claim itself, not the whole clause around it. */
function tightest(found: Span[]): Span | undefined {
  let best: Span | undefined;
  for (const s of found) if (!best || s.end - s.start < best.end - best.start) best = s;
  return best;
}

/** Building blocks right next to the claim (at most one word away) belong to it: "Freigabe erfolgt garantiert in 2 Minuten". */
function grow(clause: string, claim: Span | undefined, blocks: Span[]): Span | undefined {
  if (!claim) return undefined;
  const span = { ...claim };
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of blocks) {
      if (inside(b, span)) continue;
      const gap = b.start >= span.end ? clause.slice(span.end, b.start) : b.end <= span.start ? clause.slice(b.end, span.start) : '';
      if (GAP_BREAK.test(gap) || (gap.match(WORD)?.length ?? 0) > 1) continue;
      span.start = Math.min(span.start, b.start);
      span.end = Math.max(span.end, b.end);
      changed = true;
    }
  }
  return span;
}

function regionClaim(clause: string, lexicon: Lexicon, names: RegExp): Span | undefined {
  const predicates = spans(lexicon.availability, clause);
  if (predicates.length === 0) return undefined;
  const universal = spans(lexicon.universalScope, clause);
  // "EU" inside "all EU countries" is part of that scope, not a list of its own.
  const lists = regionLists(clause, lexicon, names).filter((l) => !universal.some((u) => l.start < u.end && u.start < l.end));
  const scopes = [...universal, ...lists];
  return grow(clause, tightest(pairs(clause, predicates, scopes)), [...predicates, ...scopes]);
}

function verificationPromise(clause: string, lexicon: Lexicon): Span | undefined {
  const selfContained = spans(lexicon.selfContained, clause);
  const subjects = spans(lexicon.verification, clause);
  if (subjects.length === 0 && selfContained.length === 0) return undefined;
  lexicon.hedge.lastIndex = 0;
  const hedged = lexicon.hedge.test(clause);
  // A hedge ("usually", "in der Regel") turns speed and durations into a description; a guarantee stays a guarantee.
  const certainty = [...spans(lexicon.absolute, clause), ...(hedged ? [] : [...spans(lexicon.speed, clause), ...spans(lexicon.duration, clause)])];
  return grow(clause, tightest([...selfContained, ...pairs(clause, subjects, certainty)]), [...subjects, ...certainty]);
}

function about(re: RegExp, clause: string): boolean {
  re.lastIndex = 0;
  return re.test(clause);
}

/**
 * The claims in `text`, at most one per kind and clause. `languages` selects the lexicons;
 * region names of every selected language are recognised in every clause (copy mixes them).
 */
export function detectClaims(text: string, languages: readonly Language[] = LANGUAGES): PhraseMatch[] {
  const names = regionNamePattern(languages);
  const out: PhraseMatch[] = [];
  for (const c of splitClauses(text)) {
    const clause = text.slice(c.start, c.end);
    if (!/\p{L}{2}/u.test(clause)) continue;
    const found: Array<{ kind: PhraseKind; language: Language; span: Span }> = [];
    for (const language of languages) {
      const lexicon = LEXICONS[language];
      const region = regionClaim(clause, lexicon, names);
      if (region && !found.some((f) => f.kind === 'region_claim')) found.push({ kind: 'region_claim', language, span: region });
      const promise = verificationPromise(clause, lexicon);
      if (promise && !found.some((f) => f.kind === 'verification_promise')) found.push({ kind: 'verification_promise', language, span: promise });
    }
    // Exclusions are checked only for the few clauses that hold a candidate.
    if (found.length === 0 || languages.some((l) => about(LEXICONS[l].elsewhere, clause))) continue;
    const otherCheck = languages.some((l) => about(LEXICONS[l].elsewhereVerification, clause));
    for (const { kind, language, span } of found) {
      if (kind === 'verification_promise' && otherCheck) continue;
      span.start -= LEAD_IN.exec(clause.slice(0, span.start))?.[0].length ?? 0;
      out.push({
        kind,
        language,
        phrase: collapse(clause.slice(span.start, span.end)),
        clause: collapse(clause),
        start: c.start + span.start,
        end: c.start + span.end,
      });
    }
  }
  return out;
}
