import { CREDENTIAL_KINDS, detect, SECRET_KINDS, type Detection, type DetectOptions, type DetectorKind } from '../detect/detectors.js';
import { maskValue } from '../detect/mask.js';
import { shapesInRun } from './encoded-runs.js';
import { secretsFromEnv } from './env.js';
import type { Fingerprint } from './fingerprint.js';
import { formsOf } from './forms.js';
import { KnownValues, type Span } from './known.js';
import { isMaskable } from './rule.js';
import { hasLayout, viewOf, type TextView } from './view.js';

export type Shapes = DetectOptions['shapes'];

export interface RedactorOptions {
  /** Environment to read secrets from (by name, shape, URL userinfo); read once, now. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Credential shapes configured for the run (`launchPlugin({ credentialShapes })`). */
  shapes?: Shapes;
  /** Values known in plain from the start. */
  secrets?: readonly string[];
}

export interface RedactOptions {
  /**
   * Mask personal data too (emails, phone and card numbers, IBANs); default true. Off for
   * attributions a record must show, such as who approved a waiver.
   */
  personalData?: boolean;
}

/**
 * Masks every secret it knows in a text, in every form, and every credential or piece of
 * personal data the scanner recognises by shape. One per process: the main process's
 * knows the environment and learns matchers' registrations as fingerprints; a worker's
 * knows the environment and learns registrations in plain.
 */
export interface RunRedactor {
  readonly shapes: Shapes;
  redact(text: string, options?: RedactOptions): string;
  /** The same as `redact` on each text, in one pass over all of them (a whole record). */
  redactAll(texts: readonly string[], options?: RedactOptions): string[];
  /**
   * Like `redactAll` for distinct texts, answering only the ones that changed (before →
   * after). It remembers what it found: a text seen before is checked again only against
   * what was learned since, so masking texts as they arrive during a run leaves little for
   * the pass at the end.
   */
  changed(texts: Iterable<string>, options?: RedactOptions): Map<string, string>;

  /** Learns a value to mask in every form; false when the masking rule refuses it (rule.ts). */
  learnValue(value: string): boolean;
  /** Learns values known only by fingerprint (a worker's registrations). */
  learn(fingerprints: readonly Fingerprint[]): void;
  /** How many forms it searches for: in plain, and by fingerprint. */
  readonly known: { plain: number; fingerprinted: number };
}

/** What a layout could split or an encoding hide: credentials only (PII across a line break is too easily a false join). */
const SECRET_SHAPES: readonly DetectorKind[] = [...SECRET_KINDS, 'client_secret'];
/** 0Bit's own addresses (support@0bit.io) are a published support path, nobody's personal data. */
const ZEROBIT_ADDRESS = /@0bit\.io$/i;
/** Joins a batch: no form, shape or layout rule matches it (rule.ts refuses values holding one). */
const SEPARATOR = '\u0000';

const keepReadable = (d: Detection) => d.kind === 'publishable_key' || (d.kind === 'email' && ZEROBIT_ADDRESS.test(d.value));
const labelOf = (d: Detection) => maskValue(d.value, d.kind);

/**
 * Overlapping spans become one (a partial overlap left unmasked would leak the rest). A
 * known value names it, else the longest member.
 */
function merge(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  let namedBy: Span | undefined;
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && namedBy && s.start < last.end) {
      if ((s.known && !namedBy.known) || (s.known === namedBy.known && s.end - s.start > namedBy.end - namedBy.start)) {
        namedBy = s;
        last.label = s.label;
      }
      last.end = Math.max(last.end, s.end);
      continue;
    }
    out.push({ ...s });
    namedBy = s;
  }
  return out;
}

/** Texts joined for one search, and where each starts in the joined text. */
function batchOf(texts: readonly string[]): { joined: string; starts: number[] } {
  const starts: number[] = [];
  let at = 0;
  for (const text of texts) {
    starts.push(at);
    at += text.length + SEPARATOR.length;
  }
  return { joined: texts.join(SEPARATOR), starts };
}

/** The texts in which a value learned since generation `from` is found, in one pass over all of them. */
function textsHolding(known: KnownValues, from: number, texts: readonly string[]): Set<string> {
  // A text shorter than every new form cannot hold one; only text with layout needs a view.
  const shortest = known.shortestSince(from);
  const flat: string[] = [];
  const laidOut: string[] = [];
  for (const text of texts) if (text.length >= shortest) (hasLayout(text) ? laidOut : flat).push(text);
  const out = new Set<string>();
  for (const group of [flat, laidOut]) {
    if (group.length === 0) continue;
    const { joined, starts } = batchOf(group);
    const view = group === laidOut ? viewOf(joined) : undefined;
    for (const span of known.find(view ? view.text : joined, undefined, from)) {
      out.add(group[lastAtOrBefore(starts, view ? view.toOriginal(span.start) : span.start)]!);
    }
  }
  return out;
}

/** Index of the last of the sorted `starts` at or before `offset`. */
function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const overlapsAny = (spans: readonly Span[], start: number, end: number) => spans.some((s) => s.start < end && start < s.end);

export function createRunRedactor(options: RedactorOptions = {}): RunRedactor {
  const shapes = options.shapes;
  const known = new KnownValues();
  /**
   * Shapes in `text` as spans, unless a span in `skip` already covers them. The scanner's
   * decoding of quoted base64 literals and `"a"+"b"` joins is for client bundles; here
   * encoded-runs.ts decodes every base64 or hex run, quoted or not. No `kinds` means every
   * kind, without a set made per call.
   */
  function pushShapes(text: string, kinds: readonly DetectorKind[] | undefined, out: Span[], skip?: readonly Span[]): void {
    for (const d of detect(text, { shapes, kinds, decode: false })) {
      if (!keepReadable(d) && !(skip && overlapsAny(skip, d.start, d.end))) out.push({ start: d.start, end: d.end, label: labelOf(d) });
    }
  }
  const detectDecoded = (decoded: string) => detect(decoded, { shapes, kinds: SECRET_SHAPES, decode: false });

  /** Spans to mask in `text` (original offsets, merged), and the text's view when it has layout (for re-emitting escape codes). */
  function spansIn(text: string, options: RedactOptions | undefined): { spans: Span[]; view: TextView | undefined } {
    const view = hasLayout(text) ? viewOf(text) : undefined;
    const searched = view ? view.text : text;
    let decoded: Span[] | undefined;
    const found = known.find(searched, (start, end) => shapesInRun(searched, start, end, detectDecoded, labelOf, (decoded ??= [])));
    if (decoded) for (const span of decoded) found.push(span);
    let spans = found;
    if (view) {
      // A shape that only a joined line break reveals; one a known value already covers is
      // that value, and its exact span is better than the shape's guess at where it ends.
      pushShapes(view.text, SECRET_SHAPES, found, found.slice());
      spans = found.map((s) => ({ ...s, start: view.toOriginal(s.start), end: view.toOriginal(s.end - 1) + 1 }));
    }
    pushShapes(text, options?.personalData === false ? CREDENTIAL_KINDS : undefined, spans);
    return { spans: merge(spans), view };
  }

  const noEscapes = () => '';

  function apply(text: string, from: number, to: number, spans: readonly Span[], escapes: (s: number, e: number) => string): string {
    let out = '';
    let at = from;
    for (const s of spans) {
      const start = Math.max(s.start, from);
      const end = Math.min(s.end, to);
      if (end <= start) continue;
      out += text.slice(at, start) + s.label + escapes(start, end);
      at = end;
    }
    return at === from ? text.slice(from, to) : out + text.slice(at, to);
  }

  /** A value's forms, plus one more spelling of it (as a URL wrote it) under the same label. */
  function learnForms(value: string, written?: string): boolean {
    if (!isMaskable(value)) return false;
    const forms = formsOf(value, shapes);
    if (written) forms.push({ text: written, encoding: 'url', charset: 'any', label: forms[0]!.label });
    known.addForms(forms);
    return true;
  }

  /** Masks distinct `texts` in one search over all of them joined; records each one that changed. */
  function redactBatch(texts: readonly string[], options: RedactOptions | undefined, changed: Map<string, string>): void {
    const { joined, starts } = batchOf(texts);
    const { spans, view } = spansIn(joined, options);
    if (spans.length === 0) return;
    /** Spans by text, clipped to it: a span never joins two texts of the batch. */
    const byText = new Map<number, Span[]>();
    for (const span of spans) {
      for (let i = lastAtOrBefore(starts, span.start); i < texts.length && starts[i]! < span.end; i++) {
        const list = byText.get(i);
        if (list) list.push(span);
        else byText.set(i, [span]);
      }
    }
    for (const [i, list] of byText) {
      const start = starts[i]!;
      changed.set(texts[i]!, apply(joined, start, start + texts[i]!.length, list, view?.escapesWithin ?? noEscapes));
    }
  }

  /** Distinct texts masked now, with everything known: the ones that changed. */
  function changedNow(texts: Iterable<string>, options: RedactOptions | undefined): Map<string, string> {
    // Texts without layout (most of a record) are searched as they are; only the others need a view.
    const flat: string[] = [];
    const laidOut: string[] = [];
    for (const text of texts) (hasLayout(text) ? laidOut : flat).push(text);
    const changed = new Map<string, string>();
    for (const group of [flat, laidOut]) if (group.length) redactBatch(group, options, changed);
    return changed;
  }

  /** What each text `changed` saw became, as of generation `memoAt` of what the redactor knows. */
  const memo = new Map<string, string>();
  let memoAt = 0;

  /** Brings the memo up to date: a remembered text can only gain a mask from a value learned since. */
  function catchUp(): void {
    const generation = known.generation;
    if (memoAt === generation) return;
    if (memo.size > 0) {
      for (const text of textsHolding(known, memoAt, [...memo.keys()])) {
        // Masked afresh from the original, with everything known now.
        memo.set(text, changedNow([text], undefined).get(text) ?? text);
      }
    }
    memoAt = generation;
  }

  const redactor: RunRedactor = {
    shapes,
    redact(text, options) {
      if (text.length === 0) return text;
      const { spans, view } = spansIn(text, options);
      return spans.length === 0 ? text : apply(text, 0, text.length, spans, view?.escapesWithin ?? noEscapes);
    },
    redactAll(texts, options) {
      const changed = redactor.changed(new Set(texts), options);
      return changed.size === 0 ? [...texts] : texts.map((t) => changed.get(t) ?? t);
    },
    changed(texts, options) {
      if (options?.personalData === false) return changedNow(texts, options);
      catchUp();
      const out = new Map<string, string>();
      const fresh: string[] = [];
      for (const text of texts) {
        const seen = memo.get(text);
        if (seen === undefined) fresh.push(text);
        else if (seen !== text) out.set(text, seen);
      }
      const now = changedNow(fresh, options);
      for (const text of fresh) {
        const result = now.get(text) ?? text;
        memo.set(text, result);
        if (result !== text) out.set(text, result);
      }
      return out;
    },

    learnValue(value) {
      return learnForms(value);
    },
    learn(fingerprints) {
      known.addFingerprints(fingerprints);
    },
    get known() {
      return known.size;
    },
  };
  for (const { value, written } of secretsFromEnv(options.env ?? {}, shapes)) learnForms(value, written);
  for (const value of options.secrets ?? []) redactor.learnValue(value);
  return redactor;
}
