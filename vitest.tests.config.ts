import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { launchPlugin } from './src/plugin.js';

/** The project's own tests (npm test). The readiness specs run from vitest.config.ts. */
export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate' })],
  resolve: { alias: { '0bit-launch': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
