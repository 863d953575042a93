import { toBeSessionScopedMatcher } from './to-be-session-scoped.js';
import { toExposeOnlyBrowserSafeValuesMatcher } from './to-expose-only-browser-safe-values.js';

export type { BrowserSafeOptions } from './to-expose-only-browser-safe-values.js';
export type { SessionScopedOptions, SessionScopeSandbox } from './to-be-session-scoped.js';
export type { ClientSurfaceOptions } from './client-surface.js';

/** Matchers of the `browser` area. */
export const browserMatchers = { ...toExposeOnlyBrowserSafeValuesMatcher, ...toBeSessionScopedMatcher };
