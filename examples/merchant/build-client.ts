/**
 * Rebuilds client/assets/app.js (+ source map with sourcesContent) from client-src/.
 * The built files are committed so the readiness specs scan exactly what ships.
 *
 *   npx tsx examples/merchant/build-client.ts
 */
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const clientBuildOptions: BuildOptions = {
  entryPoints: [fileURLToPath(new URL('./client-src/checkout.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('./client/assets/app.js', import.meta.url)),
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  sourcesContent: true,
  format: 'iife',
  target: 'es2022',
  legalComments: 'none',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(clientBuildOptions);
}
