import { inject } from 'vitest';
import type { DetectOptions } from './detectors.js';
import type {} from '../plugin.js';

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
    const provided = inject('0bit-launch') as ReturnType<typeof inject<'0bit-launch'>> | undefined;
    shapes = provided?.credentialShapes ?? undefined;
  } catch {
    shapes = undefined;
  }
  cached = { shapes };
  return shapes;
}
