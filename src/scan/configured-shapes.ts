import { inject } from 'vitest';
import type { DetectOptions } from './detectors.js';

type Shapes = NonNullable<DetectOptions['shapes']>;

let cached: { shapes: Shapes | undefined } | undefined;

/**
 * The credential shapes configured in `launchPlugin({ credentialShapes })`, which the
 * plugin provides to test workers. Undefined (the defaults) outside a Vitest worker.
 */
export function configuredShapes(): Shapes | undefined {
  if (cached) return cached.shapes;
  let shapes: Shapes | undefined;
  try {
    const provided = (inject as unknown as (key: string) => { credentialShapes?: Shapes | null } | undefined)('0bit-launch');
    shapes = provided?.credentialShapes ?? undefined;
  } catch {
    shapes = undefined;
  }
  cached = { shapes };
  return shapes;
}
