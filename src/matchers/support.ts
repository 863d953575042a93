/** Matchers of the `support` area (filled in by the area's issue). */
export const supportMatchers = {};
