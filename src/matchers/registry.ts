import { credentialsMatchers } from './credentials.js';
import { browserMatchers } from './browser.js';
import { originsMatchers } from './origins.js';
import { webhooksMatchers } from './webhooks.js';
import { idempotencyMatchers } from './idempotency.js';
import { monitoringMatchers } from './monitoring.js';
import { supportMatchers } from './support.js';
import { availabilityMatchers } from './availability.js';
import { productMatchers } from './product.js';
import { avoidHardcodedClaimsMatchers } from './to-avoid-hardcoded-claims.js';
import { verificationOutcomesMatchers } from './to-handle-verification-outcomes.js';
import { toHonourWebhookContract } from './to-honour-webhook-contract.js';

/** Every launch matcher, one module per area. */
export const launchMatchers = {
  ...productMatchers,
  ...credentialsMatchers,
  ...browserMatchers,
  ...originsMatchers,
  ...webhooksMatchers,
  toHonourWebhookContract,
  ...idempotencyMatchers,
  ...monitoringMatchers,
  ...supportMatchers,
  ...availabilityMatchers,
  ...avoidHardcodedClaimsMatchers,
  ...verificationOutcomesMatchers,
};
