import { inject } from 'vitest';
import type { ProvidedLaunchContext } from '../plugin-context.js';

let cached: ProvidedLaunchContext | null | undefined;

/**
 * What the plugin provided to this worker: the run's environment and surface, configured
 * credential shapes. Null outside a Vitest worker or without the plugin; matchers that
 * default to the run's values then require them as arguments.
 */
export function runContext(): ProvidedLaunchContext | null {
  if (cached !== undefined) return cached;
  try {
    cached = (inject('0bit-launch') as ProvidedLaunchContext | undefined) ?? null;
  } catch {
    cached = null;
  }
  return cached;
}
