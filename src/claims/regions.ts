/**
 * Region names and codes as the platform knows them (`Intl.DisplayNames`), never a
 * hand-kept country list: every two-letter code and UN M.49 area code the runtime can
 * name, in each copy language, in its long and short style.
 */
import type { Language } from './lexicon.js';

/** Codes the platform names that are not places (pseudo-locales, "unknown region", the world itself). */
const NOT_PLACES = new Set(['XA', 'XB', 'ZZ', '001']);

function candidateCodes(): string[] {
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) codes.push(String.fromCharCode(a, b));
  for (let n = 1; n < 1000; n++) codes.push(String(n).padStart(3, '0'));
  return codes;
}

function nameOf(names: Intl.DisplayNames, code: string): string | undefined {
  try {
    return names.of(code);
  } catch {
    return undefined;
  }
}

let codesCache: ReadonlySet<string> | undefined;

/** Two-letter region codes the platform can name (`DE`, `EU`, `UK`, …). */
export function regionCodes(): ReadonlySet<string> {
  if (codesCache) return codesCache;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  codesCache = new Set(candidateCodes().filter((c) => c.length === 2 && !NOT_PLACES.has(c) && nameOf(names, c) !== undefined));
  return codesCache;
}

/** Every name the platform gives a region in `language`, in each style (`United Kingdom`, `UK`; `USA` in German). */
export function regionNames(language: Language): string[] {
  const out = new Set<string>();
  for (const style of ['long', 'short', 'narrow'] as const) {
    const names = new Intl.DisplayNames([language], { type: 'region', style, fallback: 'none' });
    for (const code of candidateCodes()) {
      if (NOT_PLACES.has(code)) continue;
      const name = nameOf(names, code);
      // Lower-case names ("world") are common words, not names a claim would capitalise.
      if (name && /^\p{Lu}/u.test(name)) out.add(name);
    }
  }
  return [...out];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * German names decline: "in den Vereinigten Staaten", "im Vereinigten Königreich",
 * "innerhalb Deutschlands", "in den Niederlanden". Each word may take those endings.
 */
function germanForms(name: string): string {
  return name
    .split(' ')
    .map((word) => {
      if (word.endsWith('es')) return `${escapeRegExp(word.slice(0, -2))}(?:es|en|e)`;
      if (word.endsWith('e')) return `${escapeRegExp(word)}[ns]?`;
      return `${escapeRegExp(word)}(?:s|es|n)?`;
    })
    .join('\\s+');
}

const WORD_START = '(?<![\\p{L}\\p{N}-])';
const WORD_END = '(?![\\p{L}\\p{N}]|-\\p{L})';

const patternCache = new Map<string, RegExp>();

/**
 * Matches one region name the platform gives (in any of `languages`) as a whole word. A
 * name glued to a word by a hyphen (`EU-Stecker`, `US-sizes`) is an attribute, not a
 * place, and does not match. One shared global RegExp per language set (compiling it is
 * the expensive part): callers reset `lastIndex` and must not hold it across an await.
 */
export function regionNamePattern(languages: readonly Language[]): RegExp {
  const key = [...languages].sort().join(',');
  const cached = patternCache.get(key);
  if (cached) return cached;
  const alternatives = new Set<string>();
  for (const language of languages) {
    for (const name of regionNames(language)) alternatives.add(language === 'de' ? germanForms(name) : escapeRegExp(name).replace(/ /g, '\\s+'));
  }
  // Longest first, so "Papua New Guinea" wins over "Guinea".
  const sorted = [...alternatives].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`${WORD_START}(?:${sorted.join('|')})${WORD_END}`, 'gu');
  patternCache.set(key, pattern);
  return pattern;
}

/**
 * Two capital letters standing alone. Only codes the platform knows count (`regionCodes`),
 * and the detector takes a lone one for a place only in a list or after an article: "AR"
 * in "AR function" and "ID" in "ID check" are not countries, "the EU" and "DE, AT, CH" are.
 */
export const REGION_CODE = new RegExp(`${WORD_START}[A-Z]{2}${WORD_END}`, 'gu');

/**
 * Whether this runtime has region names in `language` (a Node.js built with small-icu
 * answers German in English). Without them German region claims would go unseen.
 */
export function platformNamesRegionsIn(language: Language): boolean {
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  return names.resolvedOptions().locale.split('-')[0] === language;
}
