import type { ScanFinding } from './findings.js';

/** Offset of the closing quote of the JSON string whose opening quote is at `open`. */
function stringEnd(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let slashes = 0;
    for (let i = at - 1; text[i] === '\\'; i--) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

interface Entry {
  source: string;
  /** Offsets of the first content character and of the closing quote in the raw map. */
  start: number;
  end: number;
}

/** Where each `sourcesContent` string sits in the raw JSON, without parsing the contents. */
function sourcesContentEntries(text: string): Entry[] | undefined {
  const key = /"sourcesContent"\s*:\s*\[/.exec(text);
  if (!key) return undefined;
  let sources: unknown[] = [];
  const sourcesMatch = /"sources"\s*:\s*(\[(?:\s*(?:"(?:[^"\\]|\\.)*"|null)\s*,?)*\])/.exec(text);
  try {
    sources = sourcesMatch ? (JSON.parse(sourcesMatch[1]!) as unknown[]) : [];
  } catch {
    sources = [];
  }
  const entries: Entry[] = [];
  let at = key.index + key[0].length;
  for (let i = 0; ; i++) {
    while (/[\s,]/.test(text[at] ?? '')) at++;
    if (text[at] === ']' || at >= text.length) break;
    if (text.startsWith('null', at)) {
      at += 4;
      continue;
    }
    if (text[at] !== '"') return undefined;
    const end = stringEnd(text, at);
    if (end === -1) return undefined;
    entries.push({ source: typeof sources[i] === 'string' ? (sources[i] as string) : `sources[${i}]`, start: at + 1, end });
    at = end + 1;
  }
  return entries;
}

/** Line and column inside a JSON-escaped string: each `\\n` escape starts a line. */
function lineInEntry(text: string, entry: Entry, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = entry.start;
  for (let nl = text.indexOf('\\n', entry.start); nl !== -1 && nl < offset; nl = text.indexOf('\\n', nl + 2)) {
    if (text[nl - 1] === '\\') continue; // an escaped backslash followed by n
    line++;
    lineStart = nl + 2;
  }
  return { line, column: offset - lineStart + 1 };
}

function offsetOf(lineStarts: number[], f: ScanFinding): number {
  return (lineStarts[f.line - 1] ?? 0) + f.column - 1;
}

/**
 * Source maps are scanned as raw text (JSON escapes leave credentials intact). A finding
 * inside `sourcesContent` is then re-pointed at its original source, line and column,
 * found from the raw JSON without parsing it; others (a value in `names`) stay as found.
 */
export function refineSourceMapFindings(raw: ScanFinding[], text: string): ScanFinding[] {
  if (raw.length === 0) return raw;
  const entries = sourcesContentEntries(text);
  if (!entries?.length) return raw;
  const lineStarts = [0];
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) lineStarts.push(nl + 1);
  return raw.map((f) => {
    const offset = offsetOf(lineStarts, f);
    const entry = entries.find((e) => offset >= e.start && offset < e.end);
    return entry ? { ...f, source: entry.source, ...lineInEntry(text, entry, offset) } : f;
  });
}
