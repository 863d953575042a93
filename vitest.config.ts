import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { builtPackage } from './scripts/package-exports.js';

/**
 * The main job: the readiness specs of the reference merchant app.
 *   npx vitest run --reporter=0bit-launch
 * It runs the built package, as users get it (`npm ci` builds dist/; after editing src/,
 * `npm run build` — a dist/ older than src/ is refused). Node loads it as it would from
 * node_modules, instead of Vite transforming and fetching two hundred source modules one by
 * one; the plugin's own tests (vitest.tests.config.ts) run the sources.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const built = builtPackage(root);
const { launchPlugin } = (await import(pathToFileURL(join(root, 'dist/plugin.js')).href)) as typeof import('./src/plugin.js');

export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate', environment: 'sandbox' })],
  // The package's entry points resolve to dist/; any other subpath fails, as it does for users.
  resolve: { alias: built.alias },
  test: {
    include: ['specs/**/*.spec.ts'],
    testTimeout: 30_000,
    isolate: false,
    server: { deps: { external: built.external } },
  },
});
