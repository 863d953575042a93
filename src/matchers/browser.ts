/** Matchers of the `browser` area (filled in by the area's issue). */
export const browserMatchers = {};
