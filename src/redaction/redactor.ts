import { CREDENTIAL_KINDS, detect, PII_KINDS, SECRET_KINDS, type Detection, type DetectOptions, type DetectorKind } from '../scan/detectors.js';
import { maskValue } from '../scan/mask.js';
import { shapesInEncodedRuns } from './encoded-runs.js';
import { secretsFromEnv } from './env.js';
import type { Fingerprint } from './fingerprint.js';
import { formsOf } from './forms.js';
import { KnownValues, type Span } from './known.js';
import { isMaskable } from './rule.js';
import { viewOf } from './view.js';

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
  /** Learns a value to mask in every form; false when the masking rule refuses it (rule.ts). */
  learnValue(value: string): boolean;
  /** Learns values known only by fingerprint (a worker's registrations). */
  learn(fingerprints: readonly Fingerprint[]): void;
  /** How many forms it searches for: in plain, and by fingerprint. */
  readonly known: { plain: number; fingerprinted: number };
}

/** What a layout could split or an encoding hide: credentials only (PII across a line break is too easily a false join). */
const SECRET_SHAPES: readonly DetectorKind[] = [...SECRET_KINDS, 'client_secret'];
const ALL_KINDS: readonly DetectorKind[] = [...CREDENTIAL_KINDS, ...PII_KINDS];
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

const overlapsAny = (spans: readonly Span[], start: number, end: number) => spans.some((s) => s.start < end && start < s.end);

export function createRunRedactor(options: RedactorOptions = {}): RunRedactor {
  const shapes = options.shapes;
  const known = new KnownValues();
  const detectShapes = (text: string, kinds: readonly DetectorKind[]) => detect(text, { shapes, kinds }).filter((d) => !keepReadable(d));
  const detectDecoded = (decoded: string) => detect(decoded, { shapes, kinds: SECRET_SHAPES, decode: false });

  /** Spans to mask in `text` (original offsets, merged), and the text's view for re-emitting escape codes. */
  function spansIn(text: string, options: RedactOptions | undefined) {
    const view = viewOf(text);
    const inView = known.find(view.text);
    shapesInEncodedRuns(view.text, detectDecoded, labelOf, inView);
    if (!view.identity) {
      // A shape that only a joined line break reveals; one a known value already covers is
      // that value, and its exact span is better than the shape's guess at where it ends.
      const knownSpans = [...inView];
      for (const d of detectShapes(view.text, SECRET_SHAPES)) if (!overlapsAny(knownSpans, d.start, d.end)) inView.push({ start: d.start, end: d.end, label: labelOf(d) });
    }
    const spans = view.identity ? inView : inView.map((s) => ({ start: view.toOriginal(s.start), end: view.toOriginal(s.end - 1) + 1, label: s.label }));
    for (const d of detectShapes(text, options?.personalData === false ? CREDENTIAL_KINDS : ALL_KINDS)) spans.push({ start: d.start, end: d.end, label: labelOf(d) });
    return { spans: merge(spans), view };
  }

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
    if (written) forms.push({ text: written, encoding: 'url', label: forms[0]!.label });
    known.literals.add(forms);
    return true;
  }

  const redactor: RunRedactor = {
    shapes,
    redact(text, options) {
      if (text.length === 0) return text;
      const { spans, view } = spansIn(text, options);
      return spans.length === 0 ? text : apply(text, 0, text.length, spans, view.escapesWithin);
    },
    redactAll(texts, options) {
      const distinct = [...new Set(texts)];
      const joined = distinct.join(SEPARATOR);
      const { spans, view } = spansIn(joined, options);
      if (spans.length === 0) return [...texts];
      const redacted = new Map<string, string>();
      let start = 0;
      let next = 0;
      for (const text of distinct) {
        const end = start + text.length;
        while (next < spans.length && spans[next]!.end <= start) next++;
        const touching: Span[] = [];
        for (let i = next; i < spans.length && spans[i]!.start < end; i++) touching.push(spans[i]!);
        redacted.set(text, touching.length ? apply(joined, start, end, touching, view.escapesWithin) : text);
        start = end + SEPARATOR.length;
      }
      return texts.map((t) => redacted.get(t)!);
    },
    learnValue(value) {
      return learnForms(value);
    },
    learn(fingerprints) {
      known.fingerprints.add(fingerprints);
    },
    get known() {
      return { plain: known.literals.size, fingerprinted: known.fingerprints.size };
    },
  };
  for (const { value, written } of secretsFromEnv(options.env ?? {}, shapes)) learnForms(value, written);
  for (const value of options.secrets ?? []) redactor.learnValue(value);
  return redactor;
}
