/**
 * Side-effect entry: `import '0bit-launch/matchers'` (or the plugin's setup file)
 * registers every launch matcher with Vitest's `expect`.
 */
import { afterEach, aroundEach, beforeAll, expect } from 'vitest';
import { launchMatchers } from './registry.js';
// Each area module augments Vitest's types; naming them here keeps the augmentations in index.d.ts.
import './product.js';
import './credentials.js';
import './browser.js';
import './origins.js';
import './webhooks.js';
import './idempotency.js';
import './monitoring.js';
import './support.js';
import './availability.js';
import './to-avoid-hardcoded-claims.js';
import './to-handle-verification-outcomes.js';
import './to-honour-webhook-contract.js';
import { flushEvidence } from './util.js';
import { runInTest } from '../evidence/running-test.js';
import { bindModule } from './module-binding.js';
import { shipSecretFingerprints } from '../evidence/secrets.js';
import { useLocalShapes } from '../redaction/local.js';
import { configuredShapes } from './credential-shapes.js';

useLocalShapes(configuredShapes());
expect.extend(launchMatchers);
// Lets a matcher tell which test really called it (the global expect can name a neighbour in test.concurrent).
aroundEach((runTest, context) => runInTest(context.task, runTest));
// Binds the spec module to its bytes, commit and shard before its tests run (merged shards are checked against it).
// biome-ignore lint/correctness/noEmptyPattern: Vitest reads the hook's first parameter as a fixture list and requires it destructured.
beforeAll(({}, suite) => bindModule(suite));
// Synchronous matchers record evidence in the background; it must land before the test ends.
afterEach(flushEvidence);
// Secrets registered outside a test reach the main process on the next test (docs/secrets.md).
afterEach(shipSecretFingerprints);
