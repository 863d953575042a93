/**
 * 0Bit's capability response (`GET /v1/capabilities`): the platform's shape, which
 * `toEnable` judges and the simulated sandbox serves. Each of products, regions, assets
 * and methods maps an id to `{ enabled, reason? }`; `verification` has `kyc` and `kyb`.
 */
import { z } from 'zod';

export const capabilityFlagSchema = z.object({ enabled: z.boolean(), reason: z.string().optional() });
export const capabilityFlagMapSchema = z.record(z.string().min(1), capabilityFlagSchema);

export const capabilityResponseSchema = z.object({
  environment: z.enum(['sandbox', 'live']),
  products: capabilityFlagMapSchema,
  regions: capabilityFlagMapSchema,
  assets: capabilityFlagMapSchema,
  methods: capabilityFlagMapSchema,
  verification: z.object({ kyc: capabilityFlagSchema, kyb: capabilityFlagSchema }),
});

export type CapabilityFlag = z.infer<typeof capabilityFlagSchema>;
export type CapabilityResponse = z.infer<typeof capabilityResponseSchema>;
