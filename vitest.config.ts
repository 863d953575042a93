import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { launchPlugin } from './src/plugin.js';

/**
 * The main job: the readiness specs of the reference merchant app.
 *   npx vitest run --reporter=0bit-launch
 * Inside this repo `0bit-launch` resolves to the source; users get the built package.
 */
export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate', environment: 'sandbox' })],
  resolve: { alias: { '0bit-launch': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['specs/**/*.spec.ts'],
    testTimeout: 30_000,
    isolate: false,
  },
});
