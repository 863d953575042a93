import { decodePrintableBase64 } from '../detect/encodings.js';
import type { Detection } from '../detect/detectors.js';
import type { Span } from './known.js';

/**
 * A credential of a known shape that nobody registered can still travel encoded: an error
 * that prints `base64(key)` or `hex(key)` unquoted inside other text. Runs of base64 or hex
 * characters are decoded (at each alignment, since the run may start mid-encoding) and the
 * decoded text is searched for shapes; a find masks the encoded characters that carry it.
 * The runs themselves are found by KnownValues.find's pass over the text.
 */
export const MIN_RUN = 24;
/** base64 and base64url characters (hex digits among them), by UTF-16 code unit. */
export const RUN_CHAR = new Uint8Array(0x10000);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') RUN_CHAR[ch.charCodeAt(0)] = 1;

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

/** Shapes in the run of base64 characters `text[at, end)` (and up to two `=` after it), decoded. */
export function shapesInRun(
  text: string,
  at: number,
  end: number,
  detectDecoded: (decoded: string) => Detection[],
  label: (d: Detection) => string,
  out: Span[],
): void {
  const padded = text.charCodeAt(end) === 0x3d ? (text.charCodeAt(end + 1) === 0x3d ? end + 2 : end + 1) : end;
  const run = text.slice(at, padded);
  if (run.length >= 2 * MIN_DECODED && HEX.test(run)) {
    for (const skip of [0, 1]) {
      const decoded = printableHex(run.slice(skip, skip + ((run.length - skip) & ~1)));
      if (decoded === undefined) continue;
      for (const d of detectDecoded(decoded)) out.push({ start: at + skip + 2 * d.start, end: at + skip + 2 * d.end, label: label(d) });
      return;
    }
    return;
  }
  if (!looksEncoded(run)) return;
  for (let skip = 0; skip < 4; skip++) {
    const decoded = decodePrintableBase64(run.slice(skip));
    if (decoded === undefined) continue;
    for (const d of detectDecoded(decoded)) {
      const start = at + skip + Math.floor(d.start / 3) * 4;
      out.push({ start, end: Math.min(padded, at + skip + Math.ceil(d.end / 3) * 4), label: label(d) });
    }
    return;
  }
}
