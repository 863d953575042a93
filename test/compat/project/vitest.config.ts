import { defineConfig } from 'vitest/config';
import { launchPlugin } from '0bit-launch/plugin';

// The compatibility suite, installed from the packed tarball: one spec per area.
export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate', environment: 'sandbox' })],
  test: { include: ['specs/launch/**/*.spec.ts'] },
});
