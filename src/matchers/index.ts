/**
 * Side-effect entry: `import '0bit-launch/matchers'` (or the plugin's setup file)
 * registers every launch matcher with Vitest's `expect`.
 */
import { afterEach, expect } from 'vitest';
import { launchMatchers } from './registry.js';
import { flushEvidence } from './util.js';

expect.extend(launchMatchers);
// Synchronous matchers record evidence in the background; it must land before the test ends.
afterEach(flushEvidence);

export { launchMatchers };
