/**
 * The deliveries `toHonourWebhookContract` sends, as events: for each contract event type a
 * fresh event about a fresh object (so an integration that acts once per object acts on
 * every probe), reduced to its documented fields or with undocumented fields added or
 * changed; and an event of a type the contract does not list.
 */
import { randomId } from '../base/random-id.js';
import type { ContractEventType } from './contract.js';
import type { FieldPath, UndocumentedField } from './contract-schema.js';
import type { WebhookEvent } from './events.js';

/** What an added undocumented field holds: a non-empty string, which a presence check takes for set. */
export const PROBE_VALUE = '0bit-launch probe';

export interface ContractSample {
  type: ContractEventType;
  /** The type the integration receives (the sandbox's name for it, under `eventTypes`). */
  delivered: string;
  /** A fresh event as the sender makes it, about a fresh object. */
  next(): WebhookEvent;
  /** A fresh event with only the fields the contract documents. */
  documented(): WebhookEvent;
}

/** A copy of an example under a new event id, about a new object of the same id shape. */
export function freshFromExample(example: Record<string, unknown>, created: number): WebhookEvent {
  const copy = structuredClone(example) as WebhookEvent;
  const object = (copy.data as { object?: Record<string, unknown> } | undefined)?.object;
  if (object && typeof object.id === 'string') {
    const cut = object.id.lastIndexOf('_');
    object.id = cut > 0 ? randomId(object.id.slice(0, cut), Math.max(8, object.id.length - cut - 1)) : randomId('obj');
  }
  return { ...copy, id: randomId('evt'), created: typeof copy.created === 'number' ? created : (copy.created as number) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `event` with each field set; a field whose parent is not an object in `event` is left out. */
export function withFields(event: WebhookEvent, fields: readonly UndocumentedField[]): { event: WebhookEvent; applied: UndocumentedField[] } {
  const copy = structuredClone(event);
  const applied = fields.filter(({ path, value }) => {
    let node: unknown = copy;
    for (const segment of path.slice(0, -1)) node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[segment] : undefined;
    const last = path.at(-1);
    if (last === undefined || !(isObject(node) || (Array.isArray(node) && typeof last === 'number'))) return false;
    (node as Record<string | number, unknown>)[last] = structuredClone(value);
    return true;
  });
  return { event: copy, applied };
}

/** Another value of the same kind, so a handler that branches on the value sees it change. */
export function changedValue(value: unknown): unknown {
  if (typeof value === 'string') return `${value} (changed)`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return value.length ? [] : [PROBE_VALUE];
  if (isObject(value)) return Object.keys(value).length ? {} : { probe: PROBE_VALUE };
  return PROBE_VALUE;
}

/** A field name no contract documents, one per run so messages about several types agree. */
export function inventedFieldName(): string {
  return `x_undocumented_${randomId('p', 6).slice(2).toLowerCase()}`;
}

/**
 * Undocumented fields made up for the probe, one in each object of the event down to
 * `depth` (the body, `data`, `data.object`, `data.object.metadata`): what a sender adding
 * fields tomorrow would send.
 */
export function inventedFields(event: WebhookEvent, name: string, depth = 3): UndocumentedField[] {
  const out: UndocumentedField[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    if (!isObject(node)) return;
    out.push({ path: [...path, name], value: PROBE_VALUE });
    if (path.length < depth) for (const [key, member] of Object.entries(node)) walk(member, [...path, key]);
  };
  walk(event, []);
  return out;
}
