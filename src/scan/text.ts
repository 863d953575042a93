import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { detect, type DetectOptions } from './detectors.js';
import { toScanFinding, type ScanFinding } from './findings.js';
import { LineCursor } from './locate.js';

/** Longest value a detector can match; windows overlap by this much so none is cut. */
export const WINDOW_OVERLAP = 64 * 1024;
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export interface Where {
  file: string;
  source?: string;
}

/** Scans one string and locates every finding in it. */
export function scanText(text: string, where: Where, options: DetectOptions = {}): ScanFinding[] {
  const cursor = new LineCursor();
  cursor.setText(text);
  return detect(text, options).map((d) => toScanFinding(d, { ...where, ...cursor.locate(d.start) }));
}

export interface StreamResult {
  findings: ScanFinding[];
  bytes: number;
  binary: boolean;
}

const SNIFF_BYTES = 8192;

/**
 * Scans a file in windows of `chunkBytes` that overlap by WINDOW_OVERLAP characters, so
 * memory stays flat whatever the file's size. Each offset belongs to exactly one window:
 * a window reports detections that start before its last WINDOW_OVERLAP characters
 * (or anywhere, for the last window). A NUL byte in the first 8 KiB marks a binary file.
 * Bytes are read as latin1: every detector matches ASCII, a one-byte string is what V8's
 * regexes scan fastest, and multi-byte characters cannot straddle a window. Columns
 * therefore count bytes on lines that hold non-ASCII text.
 */
export function scanFileStream(
  path: string,
  where: Where,
  options: DetectOptions & { chunkBytes?: number } = {},
): StreamResult {
  const chunkBytes = Math.max(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, 2 * WINDOW_OVERLAP);
  // Reads are synchronous: the scan is CPU-bound, and an await per window only adds idle time.
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const decoder = new StringDecoder('latin1');
    const cursor = new LineCursor();
    const findings: ScanFinding[] = [];
    let carry = '';
    let bytes = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, chunkBytes, null);
      if (bytes === 0 && buffer.subarray(0, Math.min(bytesRead, SNIFF_BYTES)).includes(0)) {
        return { findings: [], bytes: 0, binary: true };
      }
      bytes += bytesRead;
      const final = bytesRead === 0;
      const text = carry + (final ? decoder.end() : decoder.write(buffer.subarray(0, bytesRead)));
      const ownedEnd = final ? text.length : Math.max(0, text.length - WINDOW_OVERLAP);
      cursor.setText(text);
      for (const d of detect(text, options)) {
        if (d.start >= ownedEnd) continue;
        findings.push(toScanFinding(d, { ...where, ...cursor.locate(d.start) }));
      }
      cursor.shift(ownedEnd);
      carry = text.slice(ownedEnd);
      if (final) return { findings, bytes, binary: false };
    }
  } finally {
    closeSync(fd);
  }
}
