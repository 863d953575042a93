/** Matchers of the `monitoring` area (filled in by the area's issue). */
export const monitoringMatchers = {};
