import { toLogWebhookEvents } from './to-log-webhook-events.js';
import { toVerifyWebhookSignatures } from './to-verify-webhook-signatures.js';

export type { VerifyWebhookSignaturesOptions } from './to-verify-webhook-signatures.js';
export type { LogWebhookEventsOptions } from './to-log-webhook-events.js';

/** Matchers of the `webhooks` area. */
export const webhooksMatchers = { toVerifyWebhookSignatures, toLogWebhookEvents };
