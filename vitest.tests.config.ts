import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { launchPlugin } from './src/plugin.js';
import { sourceAliases } from './scripts/package-exports.js';

/** The project's own tests (npm test). The readiness specs run from vitest.config.ts. */
export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate' })],
  // The package's entry points resolve to their sources; any other subpath fails, as it does for users.
  resolve: { alias: sourceAliases(fileURLToPath(new URL('.', import.meta.url))) },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
