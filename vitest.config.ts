import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { launchPlugin } from './src/plugin.js';
import { sourceAliases } from './scripts/package-exports.js';

/**
 * The main job: the readiness specs of the reference merchant app.
 *   npx vitest run --reporter=0bit-launch
 * Inside this repo `0bit-launch` resolves to the source; users get the built package.
 */
export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate', environment: 'sandbox' })],
  // The package's entry points resolve to their sources; any other subpath fails, as it does for users.
  resolve: { alias: sourceAliases(fileURLToPath(new URL('.', import.meta.url))) },
  test: {
    include: ['specs/**/*.spec.ts'],
    testTimeout: 30_000,
    isolate: false,
  },
});
