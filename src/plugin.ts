// The matchers' type augmentations, for projects whose only import is the plugin in vitest.config.ts.
/// <reference path="./matchers/index.ts" preserve="true" />
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import type { VitestPluginContext } from 'vitest/node';
import { AREAS } from './areas.js';
import { gitState } from './git.js';
import { isLaunchError } from './errors.js';
import { parseLaunchOptions, runEnvironment, runSurface, type LaunchOptions } from './config.js';
import { registerOptions, type ProvidedLaunchContext } from './plugin-context.js';

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
      registerOptions(vitest, resolved);
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
