/** Matchers of the `credentials` area (filled in by the area's issue). */
export const credentialsMatchers = {};
