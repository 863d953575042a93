/** Matchers of the `webhooks` area (filled in by the area's issue). */
export const webhooksMatchers = {};
