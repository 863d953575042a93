/** Matchers of the `availability` area (filled in by the area's issue). */
export const availabilityMatchers = {};
