import { RUN_CHAR, MIN_RUN } from './encoded-runs.js';
import { saltedDigest, type Fingerprint } from './fingerprint.js';
import type { Charset, Form } from './forms.js';

/** A stretch of text to mask, and what to put there. */
export interface Span {
  start: number;
  end: number;
  label: string;
  /** Found as a known value (exact), not by shape: its label wins where spans overlap. */
  known?: boolean;
}

/**
 * A form known in plain (compared as it is) or by fingerprint (hashed), filed under its
 * last four characters, with when it was learned (KnownValues.generation).
 */
type Candidate = ({ form: string; label: string } | { fingerprint: Fingerprint }) & { learnedAt: number };

const ANCHOR = 4;
const FILTER_BITS = 20;

/**
 * The last four characters of a form as one integer, when all four are Latin-1 (the
 * encodings' alphabets are). 30 bits, so V8 keeps it a small integer and never boxes it;
 * the two bits lost only add candidates the checks drop.
 */
const KEY_MASK = 0x3fffffff;
function anchorKey(anchor: string): number | undefined {
  let key = 0;
  for (let i = 0; i < anchor.length; i++) {
    const c = anchor.charCodeAt(i);
    if (c > 0xff) return undefined;
    key = ((key << 8) | c) & KEY_MASK;
  }
  return key;
}

const slot = (key: number) => Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);

function fileUnder<K>(index: Map<K, Candidate[]>, id: K, candidate: Candidate): void {
  const list = index.get(id);
  if (list) list.push(candidate);
  else index.set(id, [candidate]);
}

/**
 * The values a redactor knows, in plain (environment, this worker's registrations) or by
 * fingerprint (other workers' registrations), found in one pass over a text whatever their
 * number: the pass rolls the last four characters into an integer and looks it up in a bit
 * filter; only where a form could end is it compared or hashed. An alternation of every
 * form as one regex, or an `indexOf` per form, costs more the more forms there are.
 */
export class KnownValues {
  /** The length of every form in the order it was learned. */
  #lengths: number[] = [];
  #byKey = new Map<number, Candidate[]>();
  /** Forms ending in a character beyond Latin-1 (a secret in another script), searched one by one. */
  #byWideAnchor = new Map<string, Candidate[]>();

  #plain = new Set<string>();
  #fingerprinted = new Set<string>();

  #filter = new Uint8Array(1 << FILTER_BITS);
  #shortest = Infinity;

  #file(anchor: string, found: { form: string; label: string } | { fingerprint: Fingerprint }, length: number): void {
    const candidate: Candidate = { ...found, learnedAt: this.#lengths.length };
    this.#lengths.push(length);
    this.#shortest = Math.min(this.#shortest, length);
    const key = anchorKey(anchor);
    if (key === undefined) {
      fileUnder(this.#byWideAnchor, anchor, candidate);
      return;
    }
    fileUnder(this.#byKey, key, candidate);
    this.#filter[slot(key)] = 1;
  }

  addForms(forms: readonly Form[]): void {
    for (const form of forms) {
      if (form.text.length < ANCHOR || this.#plain.has(form.text)) continue;
      this.#plain.add(form.text);
      this.#file(form.text.slice(-ANCHOR), { form: form.text, label: form.label }, form.text.length);
    }
  }

  addFingerprints(fingerprints: readonly Fingerprint[]): void {
    for (const fingerprint of fingerprints) {
      const id = `${fingerprint.salt}:${fingerprint.sha256}`;
      if (this.#fingerprinted.has(id)) continue;
      this.#fingerprinted.add(id);
      this.#file(fingerprint.anchor, { fingerprint }, fingerprint.length);
    }
  }

  get size(): { plain: number; fingerprinted: number } {
    return { plain: this.#plain.size, fingerprinted: this.#fingerprinted.size };
  }

  /** How many forms and fingerprints it has learned: what a text was checked against. */
  get generation(): number {
    return this.#lengths.length;
  }

  /** The shortest form learned since `generation`: a shorter text cannot hold one. */
  shortestSince(generation: number): number {
    let shortest = Infinity;
    for (let i = generation; i < this.#lengths.length; i++) shortest = Math.min(shortest, this.#lengths[i]!);
    return shortest;
  }

  /**
   * Every known form in `text` (only those learned since generation `from`, when given),
   * overlapping ones included. The same pass over the characters reports each run of at
   * least 24 base64 characters to `onRun` (encoded-runs.ts), so a text is read once for both.
   */
  find(text: string, onRun?: (start: number, end: number) => void, from = 0): Span[] {
    const out: Span[] = [];
    // Most texts a worker masks are short (a header value, a path): too short for any form or run.
    if (text.length < this.#shortest && (onRun === undefined || text.length < MIN_RUN)) return out;
    const anchored = this.#byKey.size > 0;
    if (anchored || onRun) {
      const filter = this.#filter;
      let key = 0;
      let run = -1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (anchored) {
          // A character beyond Latin-1 is never part of a Latin-1 anchor: its low byte only adds a candidate the checks drop.
          key = ((key << 8) | (c & 0xff)) & KEY_MASK;
          if (i >= ANCHOR - 1 && filter[slot(key)] === 1) {
            const candidates = this.#byKey.get(key);
            if (candidates) confirm(text, i + 1, candidates, from, out);
          }
        }
        if (RUN_CHAR[c] === 1) {
          if (run < 0) run = i;
        } else {
          if (run >= 0 && i - run >= MIN_RUN) onRun?.(run, i);
          run = -1;
        }
      }
      if (run >= 0 && text.length - run >= MIN_RUN) onRun?.(run, text.length);
    }
    for (const [anchor, candidates] of this.#byWideAnchor) {
      for (let at = text.indexOf(anchor); at !== -1; at = text.indexOf(anchor, at + 1)) confirm(text, at + anchor.length, candidates, from, out);
    }
    return out;
  }
}

const HEX_CHAR = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF') HEX_CHAR[ch.charCodeAt(0)] = 1;
const BASE64_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') BASE64_CHAR[ch.charCodeAt(0)] = 1;
const BASE64URL_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') BASE64URL_CHAR[ch.charCodeAt(0)] = 1;

function allIn(table: Uint8Array, text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || table[c] !== 1) return false;
  }
  return true;
}

/** Whether `text[start, end)` could be a form made of `charset` (a number in a log ends in `0031` as often as a `\u0031`). */
function fits(charset: Charset, text: string, start: number, end: number): boolean {
  switch (charset) {
    case 'hex':
      return allIn(HEX_CHAR, text, start, end);
    case 'base64':
      return allIn(BASE64_CHAR, text, start, end);
    case 'base64url':
      return allIn(BASE64URL_CHAR, text, start, end);
    case 'percent':
      for (let i = start; i < end; i += 3) if (text.charCodeAt(i) !== 0x25) return false;
      return true;
    case 'unicode':
      for (let i = start; i < end; i += 6) if (text.charCodeAt(i) !== 0x5c || text.charCodeAt(i + 1) !== 0x75) return false;
      return true;
    case 'any':
      return true;
  }
}

/** Which of the candidates ending at `end` (learned since `from`) are really there: compared in plain, or hashed. */
function confirm(text: string, end: number, candidates: readonly Candidate[], from: number, out: Span[]): void {
  for (const c of candidates) {
    if (c.learnedAt < from) continue;
    if ('form' in c) {
      const start = end - c.form.length;
      if (start >= 0 && text.startsWith(c.form, start)) out.push({ start, end, label: c.label, known: true });
    } else {
      const start = end - c.fingerprint.length;
      if (
        start >= 0 &&
        text.endsWith(c.fingerprint.anchor, end) &&
        fits(c.fingerprint.charset, text, start, end) &&
        saltedDigest(c.fingerprint.salt, text.slice(start, end)) === c.fingerprint.sha256
      ) {
        out.push({ start, end, label: c.fingerprint.label, known: true });
      }
    }
  }
}
