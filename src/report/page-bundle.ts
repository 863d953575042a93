import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The page script's entry (TypeScript, type-checked with the rest of src/). */
const ENTRY = new URL('./page/main.ts', import.meta.url);
/** The bundle `npm run build` writes beside this module in dist/. */
const BUILT = new URL('./page.js', import.meta.url);

type Esbuild = typeof import('esbuild');

/**
 * Bundles src/report/page/ into one classic script for the report page. The build writes
 * its output to dist/report/page.js; running from source (tests, tsx) bundles on first use
 * with the same options, so both give the same bytes. esbuild is a devDependency: an
 * installed package only reads the built file. The build passes the entry in src/, which
 * dist/ does not hold.
 */
export function bundlePageScript(entry: URL = ENTRY): string {
  if (!existsSync(entry)) throw new Error(`the report page script is missing: ${fileURLToPath(BUILT)} (rebuild the package with npm run build)`);
  const esbuild = createRequire(import.meta.url)('esbuild') as Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

let script: string | undefined;

/** The page script: the built bundle in an installed package, bundled from source otherwise. */
export function pageScript(): string {
  script ??= existsSync(BUILT) ? readFileSync(BUILT, 'utf8') : bundlePageScript();
  return script;
}
