import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const MAGIC = /[*?[{]/;

/** Glob syntax → RegExp over `/`-separated paths: `**`, `*`, `?`, `[…]`, `{a,b}`. */
function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${pattern.slice(i + 1, end).split(',').map((alt) => globToRegExp(alt).source.slice(1, -1)).join('|')})`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function walk(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, into);
    else if (entry.isFile()) into.push(path);
  }
}

/**
 * Files matching a path or glob (relative to `cwd`), sorted. A plain path is returned
 * as is when it exists; a directory stands for every file under it whose name ends in
 * one of `directoryExtensions`.
 */
export function expandGlob(pattern: string, cwd: string, directoryExtensions: readonly string[]): string[] {
  const normalized = pattern.split(sep).join('/');
  if (!MAGIC.test(normalized)) {
    const path = resolve(cwd, normalized);
    if (!existsSync(path)) return [];
    if (!statSync(path).isDirectory()) return [path];
    const files: string[] = [];
    walk(path, files);
    return files.filter((f) => directoryExtensions.some((ext) => f.endsWith(ext))).sort();
  }
  const segments = normalized.split('/');
  const firstMagic = segments.findIndex((s) => MAGIC.test(s));
  const base = resolve(cwd, segments.slice(0, firstMagic).join('/') || '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const matcher = globToRegExp(segments.slice(firstMagic).join('/'));
  const files: string[] = [];
  walk(base, files);
  return files.filter((f) => matcher.test(relative(base, f).split(sep).join('/'))).sort();
}
