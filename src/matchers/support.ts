import { toBeRedactedMatcher } from './to-be-redacted.js';
import { toReferenceSupportPathMatcher } from './to-reference-support-path.js';

export type { RedactedOptions, ExplicitText } from './to-be-redacted.js';
export { SUPPORT_ADDRESS } from './to-reference-support-path.js';

/** Matchers of the `support` area. */
export const supportMatchers = { ...toBeRedactedMatcher, ...toReferenceSupportPathMatcher };
