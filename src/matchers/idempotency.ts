/** Matchers of the `idempotency` area (filled in by the area's issue). */
export const idempotencyMatchers = {};
