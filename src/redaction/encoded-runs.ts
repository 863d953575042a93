import { decodePrintableBase64 } from '../scan/encodings.js';
import type { Detection } from '../scan/detectors.js';
import type { Span } from './known.js';

/**
 * A credential of a known shape that nobody registered can still travel encoded: an error
 * that prints `base64(key)` or `hex(key)` unquoted inside other text. Runs of base64 or hex
 * characters are decoded (at each alignment, since the run may start mid-encoding) and the
 * decoded text is searched for shapes; a find masks the encoded characters that carry it.
 */
/** Starts only where a run starts: without the look-behind the regex would retry inside every long word. */
const RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}/g;
const HEX = /^[0-9a-fA-F]+$/;
/** Encoded text mixes cases and digits; an identifier (`toVerifyWebhookSignatures`) does not, and is not decoded. */
const looksEncoded = (run: string) => /[0-9]/.test(run) && /[A-Z]/.test(run) && /[a-z]/.test(run);
const MIN_DECODED = 16;

function printableHex(hex: string): string | undefined {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < MIN_DECODED) return undefined;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  return printable >= bytes.length * 0.95 ? bytes.toString('latin1') : undefined;
}

export function shapesInEncodedRuns(text: string, detectDecoded: (decoded: string) => Detection[], label: (d: Detection) => string, out: Span[]): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const run = m[0];
    const at = m.index;
    if (run.length >= 2 * MIN_DECODED && HEX.test(run)) {
      for (const skip of [0, 1]) {
        const hex = run.slice(skip, skip + ((run.length - skip) & ~1));
        const decoded = printableHex(hex);
        if (decoded === undefined) continue;
        for (const d of detectDecoded(decoded)) out.push({ start: at + skip + 2 * d.start, end: at + skip + 2 * d.end, label: label(d) });
        break;
      }
      continue;
    }
    if (!looksEncoded(run)) continue;
    for (let skip = 0; skip < 4; skip++) {
      const decoded = decodePrintableBase64(run.slice(skip));
      if (decoded === undefined) continue;
      for (const d of detectDecoded(decoded)) {
        const start = at + skip + Math.floor(d.start / 3) * 4;
        const end = Math.min(at + run.length, at + skip + Math.ceil(d.end / 3) * 4);
        out.push({ start, end, label: label(d) });
      }
      break;
    }
  }
}
