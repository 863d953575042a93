import type { DetectOptions } from '../detect/detectors.js';
import { runContext } from './run-context.js';

/**
 * The credential shapes configured in `launchPlugin({ credentialShapes })`, which the
 * plugin provides to test workers; undefined (0Bit's defaults) without the plugin.
 * Matchers pass them to the scanner, which never asks Vitest itself.
 */
export function configuredShapes(): DetectOptions['shapes'] {
  return runContext()?.credentialShapes ?? undefined;
}
