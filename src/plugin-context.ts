import type { ResolvedLaunchOptions } from './config.js';

/**
 * What the plugin hands over inside the run: the context test workers read with
 * `inject('0bit-launch')`, and the options the reporter reads back. Internal to the package;
 * `0bit-launch/plugin` exports only `launchPlugin` and its options type.
 */
export interface ProvidedLaunchContext {
  /** The run's environment (option, else ZEROBIT_ENV, else sandbox). */
  environment: 'sandbox' | 'live';
  /** The run's product surface, or null when none is configured. */
  productSurface: string | null;
  /** The git commit the run's main process saw, stamped on each spec module. */
  commit: string | null;
  /** `i/n` when this run is one shard. */
  shard: string | null;
  credentialShapes: ResolvedLaunchOptions['credentialShapes'] | null;
}

declare module 'vitest' {
  interface ProvidedContext {
    '0bit-launch': ProvidedLaunchContext;
  }
}

const REGISTRY = Symbol.for('0bit-launch.options');

type Registry = WeakMap<object, ResolvedLaunchOptions>;

/**
 * The reporter is loaded through Vite's module runner, a different module graph from the
 * config's; a process-wide registry keyed by the Vitest instance carries the options over.
 */
function registry(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry };
  return (g[REGISTRY] ??= new WeakMap());
}

export function registerOptions(vitest: object, options: ResolvedLaunchOptions): void {
  registry().set(vitest, options);
}

export function optionsFor(vitest: object): ResolvedLaunchOptions | undefined {
  return registry().get(vitest);
}
