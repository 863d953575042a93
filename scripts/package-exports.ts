/**
 * The package's entry points, read from package.json `exports`: the only ways in for users, for
 * this repo's own tests and specs (vitest configs alias exactly these to src/), for tsconfig
 * `paths` (test/types/exports.test.ts holds them equal) and for the API report (scripts/api-report.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EntryPoint {
  /** The import specifier: `0bit-launch`, `0bit-launch/plugin`, … */
  specifier: string;
  /** The `exports` key: `.`, `./plugin`, … */
  subpath: string;
  /** The built declarations, relative to the package root (dist/….d.ts). */
  types: string;
  /** The source module the entry point is built from, relative to the package root (src/….ts). */
  source: string;
  /** The API report's base name in api/ (0bit-launch, 0bit-launch-plugin, …). */
  reportName: string;
}

interface ExportTarget {
  types: string;
  default: string;
}

export function packageEntryPoints(root: string): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, ExportTarget | string> };
  return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
    // `./package.json` (a plain file, no types) is metadata, not an API.
    if (typeof target === 'string') return [];
    const rest = subpath.slice(2);
    return [
      {
        specifier: rest ? `${pkg.name}/${rest}` : pkg.name,
        subpath,
        types: target.types.replace(/^\.\//, ''),
        source: target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'),
        reportName: rest ? `${pkg.name}-${rest.replaceAll('/', '-')}` : pkg.name,
      },
    ];
  });
}

/** Vite aliases resolving exactly the package's entry points to their sources (no other subpath). */
export function sourceAliases(root: string): { find: RegExp; replacement: string }[] {
  return packageEntryPoints(root).map((entry) => ({
    find: new RegExp(`^${entry.specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    replacement: join(root, entry.source),
  }));
}
