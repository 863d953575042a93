import { toBeDuplicateSafe } from './to-be-duplicate-safe.js';
import { toBeIdempotent } from './to-be-idempotent.js';
import { toReconcileWith } from './to-reconcile-with.js';

export type { BeIdempotentOptions } from './to-be-idempotent.js';
export type { BeDuplicateSafeOptions } from './to-be-duplicate-safe.js';
export type { CompletedSessionsSource, LedgerEntries } from './to-reconcile-with.js';
export type { OperationFn, RequestOperation } from '../idempotency/operation.js';

/** Matchers of the `idempotency` area. */
export const idempotencyMatchers = { toBeIdempotent, toBeDuplicateSafe, toReconcileWith };
