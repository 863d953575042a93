/**
 * Source maps (ECMA-426) are scanned as what they hold: each `sourcesContent` entry is
 * decoded from its JSON string and scanned as its own text, so a finding names the
 * original source, line and column (`app.js.map ▸ src/config.ts:3:14`) and a credential
 * hidden in that source (a base64 literal, a concatenation) is seen as the source has it.
 * The rest of the map (`names`, `sources`, `mappings`, extensions) is scanned as the file
 * has it, located in the map file.
 *
 * The map is walked as a stream: strings are skipped with `indexOf` and only brackets,
 * colons and commas are read one by one, so a map costs little more than its text;
 * `JSON.parse` of a whole map materialises every entry as one large string and runs at
 * a fraction of the speed. Each entry is decoded in pieces by `JSON.parse` itself.
 */
import type { Detection, DetectorPlan } from '../detect/detectors.js';
import type { Position } from './locate.js';
import { WindowScanner } from './text.js';

type Role = 'map' | 'sources' | 'content' | 'sections' | 'section' | 'other';

interface Container {
  array: boolean;
  role: Role;
  /** The source map object this container belongs to (0: the top level, then each section's map). */
  mapId: number;
  index: number;
  /** For objects: the key whose value comes next, or undefined while a key is expected. */
  key: string | undefined;
  expectKey: boolean;
}

type StringRole = 'key' | 'source-name' | 'entry' | 'plain';

export interface SourceMapSinks {
  /** A detection in the map's own text; `SourceMapScanner.rawPosition` says where in the map file. */
  raw(d: Detection): void;
  /**
   * A detection inside `sourcesContent[index]` of map `mapId`; `entryPosition` says where in
   * that source. Its name (`sourceName`) may be known only at the end: `sources` can follow.
   */
  entry(d: Detection, mapId: number, index: number): void;
}

const KEY_LIMIT = 256;
const SOURCE_NAME_LIMIT = 4096;

/** A character that can sit between JSON tokens or inside a number or literal. */
const SCALAR = /[-+0-9.eEtruefalsn]/;

/** The JSON string escape left incomplete at the end of `text` (`\`, `\u00`), which the next piece completes. */
function incompleteEscape(text: string): number {
  let slashes = 0;
  for (let i = text.length - 1; i >= 0 && text.charCodeAt(i) === 92; i--) slashes++;
  if (slashes % 2 === 1) return 1;
  const u = /\\u[0-9a-fA-F]{0,3}$/.exec(text.slice(-6));
  if (!u) return 0;
  // `\\u12` is an escaped backslash followed by text, not an escape.
  let before = 0;
  for (let i = text.length - u[0].length - 1; i >= 0 && text.charCodeAt(i) === 92; i--) before++;
  return before % 2 === 0 ? u[0].length : 0;
}

/** Offset of the closing quote of the string whose content starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    let slashes = 0;
    for (let i = at - 1; i >= from && text.charCodeAt(i) === 92; i--) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

export class SourceMapScanner {
  readonly #plan: DetectorPlan;
  readonly #sinks: SourceMapSinks;
  /** The map's own text with entry contents cut out; `#gaps` maps its offsets back to the file. */
  readonly #frame: WindowScanner;
  readonly #gaps: Array<{ at: number; total: number }> = [];
  #gapTotal = 0;
  readonly #stack: Container[] = [];
  #maps = 0;
  readonly #sources = new Map<number, string[]>();
  /** Unprocessed text held back from the previous piece (an escape cut in two). */
  #carry = '';
  #inString: StringRole | undefined;
  #collected = '';
  #entry: { scanner: WindowScanner } | undefined;
  #started = false;
  #done = false;
  #offset = 0;
  #problem: string | undefined;

  constructor(plan: DetectorPlan, sinks: SourceMapSinks) {
    this.#plan = plan;
    this.#sinks = sinks;
    this.#frame = new WindowScanner(plan, (d) => this.#sinks.raw(d));
  }

  /** Why the map is not a well-formed source map, once found; the rest is then scanned as plain text. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** Where a detection handed to `raw` is in the map file (only from inside that call). */
  rawPosition(d: Detection): { line: number; column: number } {
    const at = this.#frame.position(d);
    return { line: at.line, column: this.#fileOffset(at.offset) - this.#fileOffset(at.lineStart) + 1 };
  }

  /** Where a detection handed to `entry` is in its source (only from inside that call). */
  entryPosition(d: Detection): Position {
    return this.#entry!.scanner.position(d);
  }

  /** The names in `sources` of map `mapId`, for naming where an entry's finding is. */
  sourceName(mapId: number, index: number): string {
    return this.#sources.get(mapId)?.[index] ?? `sourcesContent[${index}]`;
  }

  push(piece: string): void {
    if (this.#problem !== undefined) {
      this.#frame.push(piece);
      return;
    }
    const text = this.#carry + piece;
    this.#carry = '';
    const base = this.#offset;
    let at = 0;
    let frameFrom = 0;
    // ECMA-426 lets a map start with `)]}'` and a line break, against cross-site script inclusion.
    if (base === 0 && text.startsWith(")]}'")) {
      const nl = text.indexOf('\n');
      at = nl === -1 ? text.length : nl + 1;
    }
    try {
      while (at < text.length) {
        if (this.#inString !== undefined) {
          const close = closingQuote(text, at);
          const end = close === -1 ? text.length - incompleteEscape(text.slice(at)) : close;
          this.#stringPart(text.slice(at, end));
          if (this.#inString === 'entry') {
            this.#frame.push(text.slice(frameFrom, at));
            this.#gap(end - at);
            frameFrom = end;
          }
          if (close === -1) {
            this.#carry = text.slice(end);
            at = text.length;
            break;
          }
          this.#endString();
          at = close + 1;
          continue;
        }
        const c = text[at]!;
        if (c === '"') this.#startString(base + at);
        else if (c === '{' || c === '[') this.#open(c === '[', base + at);
        else if (c === '}' || c === ']') this.#close(c === ']', base + at);
        else if (c === ':') this.#colon(base + at);
        else if (c === ',') this.#comma(base + at);
        else if (!/\s/.test(c) && !(this.#stack.length > 0 && SCALAR.test(c))) this.#fail(`unexpected ${JSON.stringify(c)} at byte ${base + at}`);
        at++;
      }
    } catch (error) {
      if (!(error instanceof MalformedMap)) throw error;
      this.#problem = error.message;
      this.#entry?.scanner.end();
      this.#entry = undefined;
      this.#frame.push(text.slice(frameFrom));
      this.#offset = base + text.length;
      return;
    }
    this.#frame.push(text.slice(frameFrom, text.length - this.#carry.length));
    this.#offset = base + text.length - this.#carry.length;
  }

  end(): void {
    if (this.#problem === undefined) {
      if (this.#carry || this.#inString !== undefined) this.#problem = `ends inside a string at byte ${this.#offset}`;
      else if (!this.#started) this.#problem = 'holds no JSON object';
      else if (!this.#done) this.#problem = `ends before its closing brace at byte ${this.#offset}`;
      this.#entry?.scanner.end();
      this.#entry = undefined;
      this.#frame.push(this.#carry);
    }
    this.#frame.end();
  }

  #fileOffset(frameOffset: number): number {
    let lo = 0;
    let hi = this.#gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#gaps[mid]!.at <= frameOffset) lo = mid + 1;
      else hi = mid;
    }
    return frameOffset + (lo === 0 ? 0 : this.#gaps[lo - 1]!.total);
  }

  #gap(length: number): void {
    if (length === 0) return;
    this.#gapTotal += length;
    this.#gaps.push({ at: this.#frame.length, total: this.#gapTotal });
  }

  #fail(message: string): never {
    throw new MalformedMap(message);
  }

  #value(at: number): Container | undefined {
    const top = this.#stack[this.#stack.length - 1];
    if (this.#done) this.#fail(`holds more than one JSON value (byte ${at})`);
    if (top && !top.array && top.expectKey) this.#fail(`expected a key at byte ${at}`);
    return top;
  }

  #open(array: boolean, at: number): void {
    const parent = this.#value(at);
    let role: Role = 'other';
    let mapId = parent?.mapId ?? 0;
    if (!parent) {
      if (array) this.#fail('is a JSON array, not a source map object');
      role = 'map';
      this.#started = true;
    } else if (parent.role === 'map' && !parent.array) {
      if (array && parent.key === 'sourcesContent') role = 'content';
      else if (array && parent.key === 'sources') role = 'sources';
      else if (array && parent.key === 'sections') role = 'sections';
    } else if (parent.role === 'sections' && !array) role = 'section';
    else if (parent.role === 'section' && !array && parent.key === 'map') {
      role = 'map';
      mapId = ++this.#maps;
    }
    this.#stack.push({ array, role, mapId, index: 0, key: undefined, expectKey: !array });
  }

  #close(array: boolean, at: number): void {
    const top = this.#stack.pop();
    if (!top || top.array !== array) this.#fail(`unexpected ${array ? ']' : '}'} at byte ${at}`);
    if (this.#stack.length === 0) this.#done = true;
  }

  #colon(at: number): void {
    const top = this.#stack[this.#stack.length - 1];
    if (!top || top.array || top.key === undefined) this.#fail(`unexpected ':' at byte ${at}`);
  }

  #comma(at: number): void {
    const top = this.#stack[this.#stack.length - 1];
    if (!top) this.#fail(`unexpected ',' at byte ${at}`);
    if (top.array) top.index++;
    else {
      top.key = undefined;
      top.expectKey = true;
    }
  }

  #startString(at: number): void {
    const top = this.#stack[this.#stack.length - 1];
    if (!top) this.#fail(`a string outside the map object at byte ${at}`);
    if (!top.array && top.expectKey) {
      this.#inString = 'key';
      top.expectKey = false;
    } else if (top.role === 'content') {
      this.#inString = 'entry';
      const { mapId, index } = top;
      const sinks = this.#sinks;
      this.#entry = { scanner: new WindowScanner(this.#plan, (d) => sinks.entry(d, mapId, index)) };
    } else {
      this.#inString = top.role === 'sources' ? 'source-name' : 'plain';
    }
    this.#collected = '';
  }

  #stringPart(part: string): void {
    if (this.#inString === 'entry') {
      // A raw line break is not valid JSON, and would shift every line number after it.
      if (part.includes('\n')) this.#fail('sourcesContent holds a raw line break (not valid JSON)');
      this.#entry!.scanner.push(this.#decode(part));
    } else if (
      (this.#inString === 'key' && this.#collected.length < KEY_LIMIT) ||
      (this.#inString === 'source-name' && this.#collected.length < SOURCE_NAME_LIMIT)
    ) {
      this.#collected += part;
    }
  }

  #decode(raw: string): string {
    if (!raw.includes('\\')) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch (error) {
      this.#fail(`sourcesContent holds an invalid JSON string (${(error as Error).message})`);
    }
  }

  #endString(): void {
    const top = this.#stack[this.#stack.length - 1]!;
    const role = this.#inString;
    this.#inString = undefined;
    if (role === 'entry') {
      this.#entry!.scanner.end();
      this.#entry = undefined;
    } else if (role === 'key') {
      top.key = this.#parse(this.#collected);
    } else if (role === 'source-name') {
      const names = this.#sources.get(top.mapId) ?? [];
      names[top.index] = this.#parse(this.#collected);
      this.#sources.set(top.mapId, names);
    }
  }

  #parse(raw: string): string {
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  }
}

class MalformedMap extends Error {}
