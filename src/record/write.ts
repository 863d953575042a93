import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LaunchError } from '../errors.js';

/** Writes via a temp file in the same directory and a rename, so no reader sees half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data, { mode });
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new LaunchError('OUTPUT_UNWRITABLE', `cannot write ${path}: ${(cause as Error).message}; choose a writable output.dir`, { cause });
  }
}

/** Text written as Latin-1 bytes (ASCII, such as base64), straight from the string: no UTF-8 encoding, no copy. */
export class Latin1Text {
  constructor(readonly text: string) {}
}

/** A string written as Latin-1 (one byte per character); what a short write left is written from a copy. */
function writeLatin1(fd: number, text: string): void {
  const written = writeSync(fd, text, null, 'latin1');
  if (written < text.length) writeAll(fd, Buffer.from(text.slice(written), 'latin1'));
}

/** writeSync may write less than it was given; a file must not end short. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at);
}

/** An iterable of pieces is written piece by piece, so its pieces can be let go as they go out. */
function writeContent(path: string, content: string | Uint8Array | Iterable<Piece>): void {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    writeFileSync(path, content);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    for (const piece of content) {
      if (piece instanceof Latin1Text) writeLatin1(fd, piece.text);
      else writeAll(fd, typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes several files all-or-nothing as far as a filesystem allows: every temp file is
 * written first, then all are renamed; a failure before the renames leaves nothing behind.
 * `data` may be a function: each file's content is then made, written and let go before
 * the next is made, so a large run never holds the record and the report at once.
 */
export type Piece = string | Uint8Array | Latin1Text;
export type FileContent = string | Uint8Array | (() => string | Uint8Array | Iterable<Piece>);

export function writeFilesAtomic(files: ReadonlyArray<{ path: string; data: FileContent }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  try {
    for (const file of files) {
      const dir = dirname(file.path);
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `.${basename(file.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      staged.push({ tmp, path: file.path });
      writeContent(tmp, typeof file.data === 'function' ? file.data() : file.data);
    }
  } catch (cause) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    // Only a filesystem failure means the output dir is the problem; a content producer's own error stays as it is.
    if (typeof (cause as NodeJS.ErrnoException).code !== 'string' || !(cause as NodeJS.ErrnoException).syscall) throw cause;
    const at = staged[staged.length - 1]?.path ?? files[0]?.path ?? '(output)';
    throw new LaunchError('OUTPUT_UNWRITABLE', `cannot write ${at}: ${(cause as Error).message}; choose a writable output.dir`, { cause });
  }
  for (const s of staged) renameSync(s.tmp, s.path);
}
