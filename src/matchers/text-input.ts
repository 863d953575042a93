/**
 * What the text matchers (`toBeRedacted`, `toReferenceSupportPath`) read: the path of a
 * text file, or the text itself. A string that looks like a path but names no file is a
 * misuse, never text: checked as text, a typo (`ops/runbok.md`) would pass.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LaunchError } from '../errors.js';
import { displayPath } from '../base/display-path.js';
import { misuse } from './util.js';

export interface TextInput {
  text: string;
  /** The file the text came from, as reports show it; `text` for a string. */
  file: string;
  fromFile: boolean;
}

/** `{ text }`: a one-line text that looks like a path, checked as text on purpose. */
export interface ExplicitText {
  text: string;
}

const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Longer single-line strings are text: no file system takes a path this long. */
const MAX_PATH_CHARS = 4096;
/** Extensions of the documents a support path lives in; a one-line text rarely ends in one. */
const DOCUMENT_EXTENSION = /\.(?:md|markdown|mdx|txt|text|log|json|jsonl|ndjson|ya?ml|html?|csv|tsv|rst|adoc|org|pdf|eml|har|xml)$/i;

/**
 * A string that reads as a path: it starts like one (`./`, `../`, `/`, `~/`, `C:\`), or it
 * is one token with a slash or a file extension, or it ends in a document extension.
 */
export function looksLikePath(value: string): boolean {
  if (value.includes('\n') || value.length > MAX_PATH_CHARS) return false;
  if (/^(?:\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(value)) return true;
  if (!/\s/.test(value) && (/[\\/]/.test(value) || /\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(value))) return true;
  return DOCUMENT_EXTENSION.test(value.trimEnd());
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'EINVAL') return undefined;
    throw new LaunchError('SCAN_UNREADABLE', `${path} cannot be read (${code ?? String(error)})`, { cause: error });
  }
}

function isExplicitText(value: unknown): value is ExplicitText {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof URL) &&
    typeof (value as ExplicitText).text === 'string' &&
    Object.keys(value).length === 1
  );
}

/** The received value as text: a file's content, or the string (or `{ text }`) itself. */
export function readTextInput(matcher: string, received: unknown): TextInput {
  if (isExplicitText(received)) return { text: received.text, file: 'text', fromFile: false };
  if (received instanceof URL) {
    if (received.protocol !== 'file:') misuse(matcher, `expected a file: URL, got ${received.protocol}`);
    received = fileURLToPath(received);
  }
  if (typeof received !== 'string') return misuse(matcher, 'expected the text, the path of a text file, or { text }');
  if (received.includes('\n') || received.length > MAX_PATH_CHARS) return { text: received, file: 'text', fromFile: false };
  const stats = statOf(received);
  if (stats?.isDirectory()) misuse(matcher, `${JSON.stringify(received)} is a directory; name the file to check`);
  if (stats && !stats.isFile()) misuse(matcher, `${JSON.stringify(received)} is not a regular file`);
  if (!stats) {
    if (looksLikePath(received)) {
      misuse(matcher, `${JSON.stringify(received)} looks like a path but names no file (from ${process.cwd()}); to check a one-line text, pass { text: … }`);
    }
    return { text: received, file: 'text', fromFile: false };
  }
  if (stats.size > MAX_TEXT_BYTES)
    throw new LaunchError('SCAN_TOO_LARGE', `${received} is larger than ${MAX_TEXT_BYTES} bytes; support artefacts are documents, not dumps`);
  let text: string;
  try {
    text = readFileSync(received, 'utf8');
  } catch (error) {
    throw new LaunchError('SCAN_UNREADABLE', `${received} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return { text, file: displayPath(resolve(received), process.cwd()), fromFile: true };
}
