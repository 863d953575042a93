/**
 * Reads one file of the surface as the text a browser receives. Every byte is scanned
 * (as latin1: each byte one character, so ASCII credentials match inside images, fonts
 * and WebAssembly as anywhere else); precompressed `.gz`/`.br` files are inflated, since
 * a server sends their content; archives (zip, 7z, …) hold files that cannot be read
 * without unpacking and are reported instead.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { READ_BYTES } from './text.js';

export type ReadOutcome = { ok: true; bytes: number } | { ok: false; reason: 'unreadable' | 'too-large' | 'archive' | 'special-file'; detail: string };

const ARCHIVES: ReadonlyArray<[string, number[]]> = [
  ['a zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a zip archive', [0x50, 0x4b, 0x05, 0x06]],
  ['a 7z archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['a rar archive', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ['an xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['a bzip2 archive', [0x42, 0x5a, 0x68]],
  ['a zstd archive', [0x28, 0xb5, 0x2f, 0xfd]],
];
const GZIP = [0x1f, 0x8b];

const startsWith = (head: Buffer, magic: number[]) => head.length >= magic.length && magic.every((b, i) => head[i] === b);

function archiveKind(head: Buffer): string | undefined {
  // bzip2 is `BZh` + block size + the digits of pi: tell it from text that starts with "BZh".
  if (startsWith(head, [0x42, 0x5a, 0x68]) && !(head[3]! >= 0x31 && head[3]! <= 0x39 && head[4] === 0x31 && head[5] === 0x41)) return undefined;
  return ARCHIVES.find(([, magic]) => startsWith(head, magic))?.[0];
}

/** Whether the file holds compressed text a server sends with a Content-Encoding. */
export function compressionOf(name: string, head: Buffer): 'gzip' | 'brotli' | undefined {
  if (startsWith(head, GZIP)) return 'gzip';
  if (name.endsWith('.br')) return 'brotli';
  return undefined;
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Streams the content of the regular file at `path` to `push`, in pieces of at most
 * READ_BYTES characters. `expected` is what the walk saw (lstat): the file opened must be
 * that same regular file, so a FIFO or device swapped in is never read. At most the size
 * it had when opened is read, so a file that keeps growing cannot hold the scan.
 */
export async function readContent(path: string, expected: Pick<Stats, 'dev' | 'ino'>, maxBytes: number, push: (piece: string) => void): Promise<ReadOutcome> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: no link swapped in.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: errorText(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.dev !== expected.dev || stats.ino !== expected.ino) {
      return { ok: false, reason: 'special-file', detail: 'changed while the scan was reading it' };
    }
    if (stats.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${stats.size} bytes > maxFileBytes ${maxBytes}` };
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const first = readSync(fd, buffer, 0, Math.min(READ_BYTES, stats.size), 0);
    const head = buffer.subarray(0, first);
    const archive = archiveKind(head);
    if (archive) return { ok: false, reason: 'archive', detail: `${archive}: its files cannot be scanned without unpacking` };
    const compression = compressionOf(path, head);
    if (compression) return await inflate(fd, stats.size, compression, maxBytes, push);
    let read = first;
    push(head.toString('latin1'));
    while (read < stats.size) {
      const n = readSync(fd, buffer, 0, Math.min(READ_BYTES, stats.size - read), read);
      if (n === 0) break; // truncated while reading: what was there has been scanned
      push(buffer.toString('latin1', 0, n));
      read += n;
    }
    return { ok: true, bytes: read };
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: errorText(error) };
  } finally {
    closeSync(fd);
  }
}

async function inflate(fd: number, size: number, compression: 'gzip' | 'brotli', maxBytes: number, push: (piece: string) => void): Promise<ReadOutcome> {
  const source = Readable.from(
    (function* () {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      for (let at = 0; at < size; ) {
        const n = readSync(fd, buffer, 0, Math.min(READ_BYTES, size - at), at);
        if (n === 0) return;
        at += n;
        yield Buffer.from(buffer.subarray(0, n));
      }
    })(),
  );
  const inflater = compression === 'gzip' ? createGunzip() : createBrotliDecompress();
  source.on('error', (error) => inflater.destroy(error));
  let bytes = 0;
  try {
    for await (const chunk of source.pipe(inflater) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        inflater.destroy();
        return { ok: false, reason: 'too-large', detail: `inflates to more than maxFileBytes ${maxBytes}` };
      }
      push(chunk.toString('latin1'));
    }
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: `not valid ${compression} (${error instanceof Error ? error.message : String(error)})` };
  }
  return { ok: true, bytes };
}
