/**
 * Side-effect entry: `import '0bit-launch/matchers'` (or the plugin's setup file)
 * registers every launch matcher with Vitest's `expect`.
 */
import { expect } from 'vitest';
import { launchMatchers } from './registry.js';

expect.extend(launchMatchers);

export { launchMatchers };
