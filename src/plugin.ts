// The matchers' type augmentations, for projects whose only import is the plugin in vitest.config.ts.
/// <reference path="./matchers/index.ts" preserve="true" />
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import type { VitestPluginContext } from 'vitest/node';
import { AREAS } from './areas.js';
import { gitState } from './git.js';
import { isLaunchError } from './errors.js';
import { parseLaunchOptions, runEnvironment, runSurface, type LaunchOptions, type ResolvedLaunchOptions } from './config.js';

/** What the plugin hands to test workers (matchers read it with `inject('0bit-launch')`). */
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

export function optionsFor(vitest: object): ResolvedLaunchOptions | undefined {
  return registry().get(vitest);
}

function matchersSetupFile(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./matchers/index${ext}`, import.meta.url));
}

/**
 * Registers the nine `launch:<area>` tags and the matchers, and validates the options.
 *
 * @example
 * export default defineConfig({ plugins: [launchPlugin({ productSurface: '0gate' })] })
 */
export function launchPlugin(options: LaunchOptions = {}): Plugin {
  const { resolved, environment } = oneLineErrors(() => {
    const resolved = parseLaunchOptions(options);
    return { resolved, environment: runEnvironment(resolved) };
  });
  const provided: ProvidedLaunchContext = {
    environment,
    productSurface: runSurface(resolved),
    credentialShapes: resolved.credentialShapes ?? null,
    commit: null,
    shard: null,
  };
  return {
    name: '0bit-launch',
    config() {
      return {
        test: {
          tags: AREAS.map((area) => ({ name: area.tag, description: `${area.title}: ${area.checklist}` })),
          setupFiles: [matchersSetupFile()],
          includeTaskLocation: true,
          provide: {
            '0bit-launch': provided,
          },
        },
      };
    },
    configureVitest({ vitest, project }: VitestPluginContext) {
      registry().set(vitest, resolved);
      const shard = vitest.config.shard;
      project.provide('0bit-launch', {
        ...provided,
        commit: gitState(vitest.config.root)?.commit ?? null,
        shard: shard ? `${shard.index}/${shard.count}` : null,
      });
    },
  };
}

/** A bad option or environment stops Vitest with our one line, not a stack through the config loader. */
function oneLineErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isLaunchError(error)) error.stack = `${error.name} [${error.code}]: ${error.message}`;
    throw error;
  }
}

export type { LaunchOptions } from './config.js';
