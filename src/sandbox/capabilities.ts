import { z } from 'zod';
import { LaunchError } from '../errors.js';
import { describeIssues } from '../base/zod-issues.js';
import {
  capabilityFlagMapSchema as flagMapSchema,
  capabilityFlagSchema as flagSchema,
  capabilityResponseSchema,
  type CapabilityResponse,
} from '../contract/capabilities.js';

/** The capability response is 0Bit's shape (contract/); the sandbox serves it and lets tests change it. */
export { capabilityResponseSchema, type CapabilityFlag, type CapabilityResponse } from '../contract/capabilities.js';

/** A change to the capabilities: any subset; ids not named keep their current value. */
export const capabilityUpdateSchema = z.strictObject({
  environment: z.enum(['sandbox', 'live']).optional(),
  products: flagMapSchema.optional(),
  regions: flagMapSchema.optional(),
  assets: flagMapSchema.optional(),
  methods: flagMapSchema.optional(),
  verification: z.strictObject({ kyc: flagSchema.optional(), kyb: flagSchema.optional() }).optional(),
});
export type CapabilityUpdate = z.infer<typeof capabilityUpdateSchema>;

export function defaultCapabilities(environment: 'sandbox' | 'live'): CapabilityResponse {
  const on = { enabled: true };
  return {
    environment,
    products: { '0gate': on, '0pools_approved': on, '0base_review': { enabled: false, reason: 'review only' } },
    regions: { EU: on, UK: on, US: on, JP: { enabled: false, reason: 'not available for this account' } },
    assets: { USDC: on, EURC: on, BTC: on },
    methods: { card: on, bank_transfer: on, wallet: on },
    verification: { kyc: on, kyb: on },
  };
}

/**
 * A full capability response replaces the current one; anything less is merged id by id
 * (so `{ regions: { JP: { enabled: true } } }` changes only JP).
 */
export function applyCapabilities(current: CapabilityResponse, input: unknown): CapabilityResponse {
  const full = capabilityResponseSchema.safeParse(input);
  if (full.success) return structuredClone(full.data);
  const update = capabilityUpdateSchema.safeParse(input);
  if (!update.success) {
    throw new LaunchError('SANDBOX_ARGUMENT_INVALID', `setCapabilities(): ${describeIssues(update.error.issues)}`);
  }
  const u = update.data;
  return {
    environment: u.environment ?? current.environment,
    products: { ...current.products, ...u.products },
    regions: { ...current.regions, ...u.regions },
    assets: { ...current.assets, ...u.assets },
    methods: { ...current.methods, ...u.methods },
    verification: { ...current.verification, ...stripUndefined(u.verification ?? {}) },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
