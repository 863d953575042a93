/**
 * Sends `toHonourWebhookContract`'s deliveries, one after another, reading every effects
 * counter around each, and returns what happened. Judging is left to contract-judge.ts,
 * except for one choice: the single-field deliveries that name a dependency are sent only
 * for a mutated delivery whose outcome differed.
 */
import type { Exchange } from '../http/exchange.js';
import type { Endpoint } from '../http/target.js';
import type { WebhookContract } from './contract.js';
import { sameOutcome, type Deltas, type Delivery, type DeliveryKind } from './contract-judge.js';
import { changedValue, inventedFieldName, inventedFields, PROBE_VALUE, withFields, type ContractSample } from './contract-probes.js';
import { formatPath, isDocumented, undocumentedFields, type UndocumentedField } from './contract-schema.js';
import { traceReads, type FieldRead } from './contract-trace.js';
import { post } from './deliver.js';
import { randomId } from '../base/random-id.js';
import type { WebhookEvent } from './events.js';

/** At most this many undocumented fields per event type are probed (evidence says when more were cut). */
const MAX_FIELDS = 24;

export interface TypeRun {
  sample: ContractSample;
  documented: Delivery;
  traced: Delivery;
  /** What the handler looked up while the traced delivery ran; undefined when it was not observed. */
  reads?: FieldRead[];
  /** The trace is used only when the traced delivery fared like the untraced one. */
  traceUsed: boolean;
  /** Undocumented fields probed (the sender's own, those the handler looked up, made-up ones). */
  fields: UndocumentedField[];
  fieldsCut: number;
  mutated: Delivery[];
  isolated: Delivery[];
  replay: Delivery;
}

export interface ContractRun {
  types: TypeRun[];
  unknown: Delivery;
  /** The documented delivery with its signature under another header name; absent without a signature header. */
  renamedHeader?: { delivery: Delivery; from: string; to: string };
  /** The header names the deliveries carried, lower-case. */
  sentHeaders: string[];
}

export interface RunInput {
  endpoint: Endpoint;
  contract: WebhookContract;
  samples: ContractSample[];
  /** Signed headers for an event, signed now. */
  sign(event: WebhookEvent): Record<string, string>;
  /** Reads every effects counter. */
  readCounters(): Promise<Record<string, number>>;
  timeoutMs: number;
}

const pathKey = (f: UndocumentedField) => JSON.stringify(f.path);

function unknownTypeName(like: string, taken: ReadonlySet<string>): string {
  const family = like.includes('.') ? like.slice(0, like.lastIndexOf('.')) : like;
  return [`${family}.updated`, `${family}.launch_probe`, `launch_probe.${randomId('t', 8).slice(2).toLowerCase()}`].find((n) => !taken.has(n))!;
}

type DeliverOptions = {
  fields?: UndocumentedField[];
  headers?: (h: Record<string, string>) => Record<string, string>;
  send?: (body: string, go: () => Promise<Exchange>) => Promise<Exchange>;
};
type Deliver = (kind: DeliveryKind, name: string, event: WebhookEvent, options?: DeliverOptions) => Promise<Delivery>;

/** Signs and sends one event, reading every counter before and after; remembers the header names of the first. */
function sender(input: RunInput): { deliver: Deliver; sentHeaders: () => string[] } {
  let sentHeaders: string[] = [];
  const deliver: Deliver = async (kind, name, event, options = {}) => {
    const signed = input.sign(event);
    if (!sentHeaders.length) sentHeaders = Object.keys(signed).map((h) => h.toLowerCase());
    const headers = options.headers ? options.headers(signed) : signed;
    const body = JSON.stringify(event);
    const before = await input.readCounters();
    const go = () => post(input.endpoint, headers, body, { timeoutMs: input.timeoutMs });
    const ex = options.send ? await options.send(body, go) : await go();
    const after = await input.readCounters();
    const deltas: Deltas = Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - before[k]!]));
    return { kind, name, type: event.type, event, fields: options.fields, ex, deltas };
  };
  return { deliver, sentHeaders: () => sentHeaders };
}

/** The documented delivery again, with the handler's field lookups traced. */
async function deliverTraced(deliver: Deliver, sample: ContractSample): Promise<{ traced: Delivery; reads?: FieldRead[] }> {
  let reads: FieldRead[] | undefined;
  const traced = await deliver('traced', `documented ${sample.delivered} (traced)`, sample.documented(), {
    send: async (body, go) => {
      const traceResult = await traceReads(body, go);
      reads = traceResult.reads;
      return traceResult.result;
    },
  });
  return { traced, reads };
}

/** The undocumented fields to probe, without duplicates: the sender's own, those the handler looked up, made-up ones. */
function fieldsToProbe(
  sentFields: UndocumentedField[],
  lookedUp: UndocumentedField[],
  invented: UndocumentedField[],
): { fields: UndocumentedField[]; cut: number } {
  const all = [...sentFields, ...lookedUp, ...invented];
  const unique = all.filter((f, i) => all.findIndex((g) => pathKey(g) === pathKey(f)) === i);
  const fields = unique.slice(0, MAX_FIELDS);
  return { fields, cut: unique.length - fields.length };
}

/** As sent (when the sender added fields), then the probed fields added, then changed. */
async function deliverMutations(
  deliver: Deliver,
  sample: ContractSample,
  sent: WebhookEvent,
  sentFields: UndocumentedField[],
  fields: UndocumentedField[],
): Promise<Delivery[]> {
  const t = sample.delivered;
  const mutated: Delivery[] = [];
  if (sentFields.length) mutated.push(await deliver('as-sent', `as sent ${t}`, sent, { fields: sentFields }));
  const added = withFields(sample.documented(), fields);
  mutated.push(await deliver('added', `undocumented fields added ${t}`, added.event, { fields: added.applied }));
  const changedFields = added.applied.map((f) => ({ path: f.path, value: changedValue(f.value) }));
  const changed = withFields(sample.documented(), changedFields);
  mutated.push(await deliver('changed', `undocumented fields changed ${t}`, changed.event, { fields: changed.applied }));
  return mutated;
}

/** Name the field: one delivery per field of each mutation that changed the outcome. */
async function isolateFields(deliver: Deliver, sample: ContractSample, documented: Delivery, mutated: Delivery[]): Promise<Delivery[]> {
  const isolated: Delivery[] = [];
  const tried = new Set<string>();
  const found = new Set<string>();
  for (const m of mutated) {
    // Unchanged, or already explained by a field named from an earlier mutation.
    if (sameOutcome(m, documented) || (m.fields ?? []).some((f) => found.has(pathKey(f)))) continue;
    for (const f of m.fields ?? []) {
      const key = `${pathKey(f)}=${JSON.stringify(f.value)}`;
      if (tried.has(key) || found.has(pathKey(f))) continue;
      tried.add(key);
      const single = withFields(sample.documented(), [f]);
      if (!single.applied.length) continue;
      const verb = m.kind === 'as-sent' ? 'as sent' : m.kind;
      const d = await deliver('isolated', `only ${formatPath(f.path)} ${verb} ${sample.delivered}`, single.event, { fields: single.applied });
      isolated.push({ ...d, from: m.kind });
      if (!sameOutcome(d, documented)) found.add(pathKey(f));
    }
  }
  return isolated;
}

/** Every delivery for one event type: documented, traced, mutated, isolated, replayed. */
async function runType(deliver: Deliver, contract: WebhookContract, sample: ContractSample, invented: string): Promise<TypeRun> {
  const documented = await deliver('documented', `documented ${sample.delivered}`, sample.documented());
  const { traced, reads } = await deliverTraced(deliver, sample);
  const traceUsed = reads !== undefined && sameOutcome(traced, documented);
  const sent = sample.next();
  const sentFields = undocumentedFields(sent, [sample.type.body], contract.resolve);
  const lookedUp = traceUsed
    ? reads!.filter((r) => !r.present && !isDocumented(r.path, sample.type.body, contract.resolve)).map((r) => ({ path: r.path, value: PROBE_VALUE }))
    : [];
  const { fields, cut } = fieldsToProbe(sentFields, lookedUp, inventedFields(documented.event, invented));
  const mutated = await deliverMutations(deliver, sample, sent, sentFields, fields);
  const isolated = await isolateFields(deliver, sample, documented, mutated);
  const replay = await deliver('replay', `replay ${sample.delivered}`, documented.event);
  return { sample, documented, traced, reads, traceUsed, fields, fieldsCut: cut, mutated, isolated, replay };
}

/** The documented delivery with its signature under another header name, when it carried the one the contract names. */
async function deliverRenamedHeader(deliver: Deliver, effectful: TypeRun, sentHeaders: string[]): Promise<ContractRun['renamedHeader']> {
  const from = effectful.sample.type.signatureHeader;
  if (!from || !sentHeaders.includes(from)) return undefined;
  const to = from.startsWith('x-') ? `${from}-legacy` : `x-${from}`;
  const move = (h: Record<string, string>) => {
    const { [from]: signature, ...rest } = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    return { ...rest, [to]: signature! };
  };
  const delivery = await deliver('renamed-header', `signature in ${to} ${effectful.sample.delivered}`, effectful.sample.documented(), { headers: move });
  return { delivery, from, to };
}

export async function runContractProbes(input: RunInput): Promise<ContractRun> {
  const { deliver, sentHeaders } = sender(input);
  const invented = inventedFieldName();
  const types: TypeRun[] = [];
  for (const sample of input.samples) types.push(await runType(deliver, input.contract, sample, invented));

  // The unknown type and the renamed header ride on the type that had an effect (a completion), if any.
  const effectful = types.find((r) => Object.values(r.documented.deltas).some((n) => n !== 0)) ?? types[0]!;
  const taken = new Set(types.flatMap((r) => [r.sample.type.name, r.sample.delivered]));
  const unknownType = unknownTypeName(effectful.sample.delivered, taken);
  const unknown = await deliver('unknown', `unknown type ${unknownType}`, { ...effectful.sample.documented(), id: randomId('evt'), type: unknownType });
  const renamedHeader = await deliverRenamedHeader(deliver, effectful, sentHeaders());
  return { types, unknown, renamedHeader, sentHeaders: sentHeaders() };
}
