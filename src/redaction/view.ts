/**
 * The text a secret could be hiding in once layout is ignored: line breaks with the
 * indentation that follows them (a wrapped base64 blob, a message wrapped by a printer) and
 * terminal escape codes (a diff highlighting part of a value) are taken out. Known values
 * are searched in this view; spans found in it map back to the original text.
 */

const LAYOUT = /\r?\n[ \t]*|\r|\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export interface TextView {
  /** The text without layout; the original itself when it has none. */
  text: string;
  /** The original offset of a view offset. */
  toOriginal(offset: number): number;
  /** The escape codes inside an original span, to re-emit after a mask so colours stay balanced. */
  escapesWithin(start: number, end: number): string;
}

const IDENTITY_OFFSET = (offset: number) => offset;

export function hasLayout(text: string): boolean {
  return text.includes('\n') || text.includes('\r') || text.includes('\u001b');
}

export function viewOf(text: string): TextView {
  if (!hasLayout(text)) return { text, toOriginal: IDENTITY_OFFSET, escapesWithin: () => '' };
  /** Kept runs: view offset where each starts and the original offset it came from. */
  const viewStarts: number[] = [0];
  const originStarts: number[] = [0];
  const escapes: Array<{ at: number; code: string }> = [];
  // Kept runs are joined once, into a flat string: the searches read it character by character.
  const kept: string[] = [];
  let length = 0;
  let at = 0;
  LAYOUT.lastIndex = 0;
  for (let m = LAYOUT.exec(text); m; m = LAYOUT.exec(text)) {
    kept.push(text.slice(at, m.index));
    length += m.index - at;
    if (m[0].charCodeAt(0) === 0x1b) escapes.push({ at: m.index, code: m[0] });
    at = m.index + m[0].length;
    viewStarts.push(length);
    originStarts.push(at);
  }
  kept.push(text.slice(at));
  const view = kept.join('');
  const toOriginal = (offset: number) => {
    let lo = 0;
    let hi = viewStarts.length - 1;
    // The last run starting at or before `offset`; among empty runs at one offset, the last.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (viewStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return originStarts[lo]! + (offset - viewStarts[lo]!);
  };
  const escapesWithin = (start: number, end: number) =>
    escapes
      .filter((e) => e.at >= start && e.at < end)
      .map((e) => e.code)
      .join('');
  return { text: view, toOriginal, escapesWithin };
}
