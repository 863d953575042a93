/** The samples `toHonourWebhookContract` sends: from the sandbox (or sandbox-shaped) where it can, else the contract's examples. */
import { LaunchError } from '../errors.js';
import { EVENT_TYPES, sandboxTypeOf, type EventType } from '../sandbox/events.js';
import type { WebhookContract } from '../webhooks/contract.js';
import { freshFromExample, type ContractSample } from '../webhooks/contract-probes.js';
import { documentedOnly } from '../webhooks/contract-schema.js';
import type { WebhookEvent } from '../webhooks/events.js';
import type { ProbeEvents } from './event-source.js';

/**
 * One sample per contract event type: the sandbox's own events (or sandbox-shaped made-up
 * ones) for types the sandbox emits, the contract's example for the others.
 */
export function contractSamples(contract: WebhookContract, events: ProbeEvents, created: number): ContractSample[] {
  return contract.types.map((type) => {
    const delivered = (EVENT_TYPES as readonly string[]).includes(type.name) ? events.types[type.name as EventType] : type.name;
    const known = sandboxTypeOf(delivered, events.types);
    const example = type.example;
    if (!known && !example) {
      throw new LaunchError(
        'MATCHER_MISUSE',
        `contract.webhooks[${JSON.stringify(type.key)}]: ${type.name} is not an event the sandbox emits, and the contract gives no example to send: add one (requestBody.content["application/json"].example)`,
      );
    }
    const next = (): WebhookEvent => (known ? events.genuine(delivered) : { ...freshFromExample(example!, created), type: delivered });
    const documented = (): WebhookEvent => documentedOnly(next(), [type.body], contract.resolve) as WebhookEvent;
    return { type, delivered, next, documented };
  });
}
