import type { Check } from '../evidence/types.js';
import type { WebhookEvent } from '../webhooks/events.js';
import { misuse } from './util.js';
import type { EventOrigin } from './event-source.js';

/**
 * The positive control of an `effects` counter: before an unchanged count may prove that
 * a duplicate or a refusal did nothing, the counter must have moved for the delivery or
 * write that was meant to cause the effect. A counter that cannot see the probes (another
 * database, a handler that ignores made-up sessions) otherwise passes every check.
 */
export interface EffectsControl {
  /** What was meant to cause one effect: "the correctly signed delivery of …". */
  subject: string;
  /** How that request was answered: `HTTP 200`, `resolved`. */
  outcome: string;
  before: number;
  after: number;
  /** False when the request itself failed: the control could not run. */
  ran: boolean;
}

export function controlPassed(control: EffectsControl): boolean {
  return control.ran && control.after > control.before;
}

/** The evidence line saying which control ran and what it showed. */
export function controlCheck(control: EffectsControl): Check {
  return {
    name: `positive control: effects move for ${control.subject}`,
    ok: controlPassed(control),
    detail: control.ran
      ? `effects ${control.before} → ${control.after} (${control.outcome})`
      : `not run: ${control.subject} was not accepted (${control.outcome})`,
  };
}

/** Where a webhook probe's event came from, and what would let the counter see it. */
export function webhookWiring(origin: EventOrigin, event: WebhookEvent): string {
  const about = (event.data as { object?: { id?: unknown } } | undefined)?.object?.id;
  const session = typeof about === 'string' ? ` about session ${about}` : '';
  if (origin === 'sandbox') {
    return `the deliveries carried the sandbox's own ${event.type}${session}. Check that the integration acts on ${event.type} (if it names it otherwise, say so with createSandbox({ eventTypes })) and that effects counts what it does`;
  }
  if (origin === 'given') {
    return `the deliveries carried your event (${event.type}). Make it one the integration acts on, pass sandbox so the event is about a real sandbox session, or count something every verified delivery causes (rows in the event log)`;
  }
  return `the deliveries carried a made-up ${event.type}${session}, which an integration that confirms sessions with 0Bit ignores. Pass sandbox (the event is then about a real sandbox session), pass event about an object the integration acts on, or count something every verified delivery causes (rows in the event log)`;
}

/** The failure lines for a counter that did not move: what it missed, then how to wire one that does. */
export function blindCounterLines(control: EffectsControl, proves: string, wiring: string): string[] {
  return [
    `the effects counter did not move for ${control.subject} (${control.outcome}; effects ${control.before} → ${control.after}): it cannot observe these probes, so ${proves} prove nothing`,
    `to wire it: ${wiring}`,
  ];
}

export type Effects = () => number | Promise<number>;

/** Reads the counter, refusing anything but a finite number. */
export async function readEffects(effects: Effects, matcher: string): Promise<number> {
  const n = await effects();
  if (typeof n !== 'number' || !Number.isFinite(n)) misuse(matcher, `effects() must return a number, got ${typeof n}`);
  return n;
}

/** `1 effect`, `3 more effects`: a count of effects as messages state it. */
export function effectCount(n: number, more = ''): string {
  return `${n} ${more}effect${n === 1 ? '' : 's'}`;
}
