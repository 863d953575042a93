import type { DeliveryResult } from './webhooks.js';

/**
 * The control route of `0bit-launch sandbox` (the process): what `sandbox trigger` posts to.
 * Its own module, so the trigger client loads neither the simulator nor nock.
 */
export const TRIGGER_PATH = '/_sandbox/trigger';

/** What `POST /_sandbox/trigger` answers. */
export interface TriggerResult {
  event: { id: string; type: string };
  session: string;
  /** The first delivery attempt, or null when the sandbox has nowhere to forward to. */
  delivery: Pick<DeliveryResult, 'attempt' | 'status' | 'ok' | 'error'> | null;
  forwardedTo: string | null;
}
