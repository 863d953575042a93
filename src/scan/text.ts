import { detectWith, planFor, type Detection, type DetectOptions, type DetectorPlan } from '../detect/detectors.js';
import { toScanFinding, type Location, type ScanFinding } from './findings.js';
import { LineCursor, type Position } from './locate.js';

/**
 * Text is scanned in windows of at most this many characters. V8 allocates strings up to
 * 128 KiB in its young generation and larger ones page by page; on a 100 MB build, one
 * string per megabyte costs more (page faults) than every detector together.
 */
export const WINDOW_CHARS = 120 * 1024;
/**
 * A window reads this far past the text it owns, so a value that starts in it is not cut
 * (the longest literal a concatenation walks, 4 KiB, and more); a base64 literal still
 * open at the end is carried into the next window whole.
 */
export const WINDOW_OVERLAP = 4096 + 256;
/** A window starts this far before the text it owns: a match may depend on what precedes it (its quote, a word boundary). */
export const WINDOW_CONTEXT = 4096 + 256;
/** Bytes read from a file at a time. */
export const READ_BYTES = WINDOW_CHARS - WINDOW_OVERLAP - WINDOW_CONTEXT;

/** Receives each detection a window owns; `WindowScanner.position` says where it is, when asked. */
export type DetectionSink = (d: Detection) => void;

/**
 * Scans a stream of text pushed in pieces of any size, in overlapping windows. Each offset
 * belongs to exactly one window: a window reports the detections that start after its
 * leading WINDOW_CONTEXT characters and before its last WINDOW_OVERLAP (the first window
 * owns its start, the last one its end). A base64 literal still open at a window's end is
 * carried into the next window whole, which grows to hold it.
 */
export class WindowScanner {
  readonly #plan: DetectorPlan;
  readonly #sink: DetectionSink;
  readonly #cursor = new LineCursor();
  /** Text not yet owned by a window: context, the previous window's overlap, then fresh text. */
  #buffer = '';
  /** How many characters at the start of `#buffer` were owned by the previous window. */
  #context = 0;
  #want = WINDOW_CHARS;
  #length = 0;

  constructor(plan: DetectorPlan, sink: DetectionSink) {
    this.#plan = plan;
    this.#sink = sink;
  }

  /** Characters pushed so far. */
  get length(): number {
    return this.#length;
  }

  /**
   * Where `d` is in the stream. Only for the detection the sink was just handed, and in the
   * order they come: positions are worked out only for what the caller keeps.
   */
  position(d: Detection): Position {
    return this.#cursor.locate(d.start);
  }

  push(text: string): void {
    this.#length += text.length;
    // Take only what the window lacks: a longer buffer would be flattened into one large string.
    for (let at = 0; at < text.length; ) {
      const take = Math.min(text.length - at, this.#want - this.#buffer.length);
      this.#buffer += at === 0 && take === text.length ? text : text.slice(at, at + take);
      at += take;
      if (this.#buffer.length >= this.#want) this.#scan(false);
    }
  }

  end(): void {
    this.#scan(true);
  }

  #scan(final: boolean): void {
    const text = final ? this.#buffer : this.#buffer.slice(0, this.#want);
    if (text.length === 0) return;
    const { detections, openAt } = detectWith(text, this.#plan);
    let owned = final ? text.length : text.length - WINDOW_OVERLAP;
    if (!final && openAt !== undefined && openAt < owned) owned = Math.max(openAt, this.#context);
    this.#cursor.setText(text);
    for (const d of detections) if (d.start >= this.#context && d.start < owned) this.#sink(d);
    const keep = Math.max(0, owned - WINDOW_CONTEXT);
    this.#cursor.shift(keep);
    this.#buffer = this.#buffer.slice(keep);
    this.#context = owned - keep;
    // A window that owned little (a literal carried whole) doubles, so each brings fresh text.
    this.#want = Math.max(WINDOW_CHARS, 2 * (this.#buffer.length - this.#context) + WINDOW_CONTEXT);
  }
}

/** Scans one string and locates every finding in it. */
export function scanText(text: string, where: Omit<Location, 'line' | 'column'>, options: DetectOptions = {}): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const scanner: WindowScanner = new WindowScanner(planFor(options), (d) => {
    const at = scanner.position(d);
    findings.push(toScanFinding(d, { ...where, line: at.line, column: at.column }));
  });
  scanner.push(text);
  scanner.end();
  return findings;
}
