import { saltedDigest, type Fingerprint } from './fingerprint.js';
import type { Form } from './forms.js';

/** A stretch of text to mask, and what to put there. */
export interface Span {
  start: number;
  end: number;
  label: string;
  /** Found as a known value (exact), not by shape: its label wins where spans overlap. */
  known?: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every known value's forms, found in one pass: V8 runs an alternation of literals far
 * faster than one `indexOf` per form. Longest forms come first, so at any position the
 * longest form wins; the search restarts one character after each match so a form that
 * overlaps another is found too.
 */
class LiteralForms {
  #forms = new Map<string, string>();
  #re: RegExp | undefined;

  add(forms: readonly Form[]): void {
    for (const form of forms) {
      if (this.#forms.has(form.text)) continue;
      this.#forms.set(form.text, form.label);
      this.#re = undefined;
    }
  }

  get size(): number {
    return this.#forms.size;
  }

  find(text: string, out: Span[]): void {
    if (this.#forms.size === 0) return;
    this.#re ??= new RegExp(
      [...this.#forms.keys()]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    const re = this.#re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length, label: this.#forms.get(m[0])!, known: true });
      re.lastIndex = m.index + 1;
    }
  }
}

/** Fingerprinted forms: candidates where an anchor ends, confirmed by hashing the window. */
class FingerprintedForms {
  #byAnchor = new Map<string, Fingerprint[]>();
  #seen = new Set<string>();
  #re: RegExp | undefined;

  add(fingerprints: readonly Fingerprint[]): void {
    for (const fp of fingerprints) {
      const key = `${fp.salt}:${fp.sha256}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      const list = this.#byAnchor.get(fp.anchor);
      if (list) list.push(fp);
      else this.#byAnchor.set(fp.anchor, [fp]);
      this.#re = undefined;
    }
  }

  get size(): number {
    return this.#seen.size;
  }

  find(text: string, out: Span[]): void {
    if (this.#byAnchor.size === 0) return;
    this.#re ??= new RegExp([...this.#byAnchor.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    const re = this.#re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const end = m.index + m[0].length;
      for (const fp of this.#byAnchor.get(m[0])!) {
        const start = end - fp.length;
        if (start >= 0 && saltedDigest(fp.salt, text.slice(start, end)) === fp.sha256) out.push({ start, end, label: fp.label, known: true });
      }
      re.lastIndex = m.index + 1;
    }
  }
}

/** The values a redactor knows: in plain (environment, this worker's registrations) or by fingerprint. */
export class KnownValues {
  readonly literals = new LiteralForms();
  readonly fingerprints = new FingerprintedForms();

  find(text: string): Span[] {
    const out: Span[] = [];
    this.literals.find(text, out);
    this.fingerprints.find(text, out);
    return out;
  }
}
