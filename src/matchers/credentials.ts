import { toBeKeyForEnvironmentMatcher } from './to-be-key-for-environment.js';
import { toBeServerSideOnlyMatcher } from './to-be-server-side-only.js';

export type { ServerSideOnlyOptions } from './to-be-server-side-only.js';
export type { KeyEnvironment } from './to-be-key-for-environment.js';
export type { ClientSurfaceOptions } from './client-surface.js';

/** Matchers of the `credentials` area. */
export const credentialsMatchers = { ...toBeServerSideOnlyMatcher, ...toBeKeyForEnvironmentMatcher };
