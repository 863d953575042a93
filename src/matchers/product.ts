/** Matchers of the `product` area (filled in by the area's issue). */
export const productMatchers = {};
