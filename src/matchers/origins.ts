/** Matchers of the `origins` area (filled in by the area's issue). */
export const originsMatchers = {};
