import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

/**
 * Files matching a path or glob (relative to `cwd`), sorted. A plain path is returned
 * as is when it exists; a directory stands for every file under it whose name ends in
 * one of `directoryExtensions`. Globbing is tinyglobby's (the one Vitest uses): `*` skips
 * dotfiles, braces nest, symlinked files count, and nothing is skipped by name.
 */
export function expandGlob(pattern: string, cwd: string, directoryExtensions: readonly string[]): string[] {
  const normalized = pattern.split(sep).join('/');
  if (!isDynamicPattern(normalized)) {
    const path = resolve(cwd, normalized);
    if (!existsSync(path)) return [];
    if (!statSync(path).isDirectory()) return [path];
    const names = directoryExtensions.map((ext) => `**/*${ext}`);
    return globSync(names, { cwd: path, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
  }
  return globSync(normalized, { cwd, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
}
