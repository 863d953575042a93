/**
 * The package's entry points, read from package.json `exports`: the only ways in for users, for
 * this repo's own tests and specs (vitest configs alias exactly these to src/), for tsconfig
 * `paths` (test/types/exports.test.ts holds them equal) and for the API report (scripts/api-report.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface EntryPoint {
  /** The import specifier: `0bit-launch`, `0bit-launch/plugin`, … */
  specifier: string;
  /** The `exports` key: `.`, `./plugin`, … */
  subpath: string;
  /** The built declarations, relative to the package root (dist/….d.ts). */
  types: string;
  /** The source module the entry point is built from, relative to the package root (src/….ts). */
  source: string;
  /** The built module users load, relative to the package root (dist/….js). */
  built: string;
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
        built: target.default.replace(/^\.\//, ''),
        reportName: rest ? `${pkg.name}-${rest.replaceAll('/', '-')}` : pkg.name,
      },
    ];
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Vite aliases resolving exactly the package's entry points to their sources (no other subpath). */
export function sourceAliases(root: string): { find: RegExp; replacement: string }[] {
  return packageEntryPoints(root).map((entry) => ({ find: new RegExp(`^${escapeRegExp(entry.specifier)}$`), replacement: join(root, entry.source) }));
}

/**
 * The package as users load it: its entry points resolve to dist/, which Vitest leaves to
 * Node (external) instead of transforming module by module. Refuses a dist/ that is missing or
 * older than a file of src/, so a run never judges code other than the checkout's.
 */
export function builtPackage(root: string): { alias: { find: RegExp; replacement: string }[]; external: RegExp[] } {
  const stale = staleBuild(root);
  if (stale) throw new Error(`0bit-launch: ${stale}; run \`npm run build\` (the main job runs the built package, as users do)`);
  return {
    alias: packageEntryPoints(root).map((entry) => ({ find: new RegExp(`^${escapeRegExp(entry.specifier)}$`), replacement: join(root, entry.built) })),
    external: [new RegExp(`^${escapeRegExp(join(root, 'dist'))}/`)],
  };
}

/** Why dist/ does not hold the checkout's build, or undefined when it does. */
export function staleBuild(root: string): string | undefined {
  const built = packageEntryPoints(root).map((entry) => join(root, entry.built));
  const missing = built.find((file) => !existsSync(file));
  if (missing) return `${relative(root, missing)} is missing`;
  const oldestBuild = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const newer = newestFile(join(root, 'src'));
  if (newer && newer.mtimeMs > oldestBuild) return `${relative(root, newer.path)} changed after dist/ was built`;
  return undefined;
}

function newestFile(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(path);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}
