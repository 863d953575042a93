import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as messages and reports show it: relative to `relativeTo` when inside it, else
 * absolute; always with `/`, so a record says the same on every platform.
 */
export function displayPath(abs: string, relativeTo: string): string {
  const rel = relative(relativeTo, abs);
  const name = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return sep === '/' ? name : name.split(sep).join('/');
}
