import { toAcceptReturnUrl } from './to-accept-return-url.js';
import { toAllowOrigin } from './to-allow-origin.js';
import { toBeExplicitOriginAllowlist } from './to-be-explicit-origin-allowlist.js';

export type { AllowOriginOptions } from './to-allow-origin.js';
export type { OriginAllowlistOptions } from './to-be-explicit-origin-allowlist.js';
export type { AcceptReturnUrlOptions } from './to-accept-return-url.js';

/** Matchers of the `origins` area. */
export const originsMatchers = { toAllowOrigin, toBeExplicitOriginAllowlist, toAcceptReturnUrl };
