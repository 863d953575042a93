/**
 * Judges `toHonourWebhookContract`'s deliveries (pure): what failed, in words that name
 * the undocumented field a handler depends on, and what each delivery was expected to show.
 * Each expectation's source is cited in docs/webhooks.md (Webhook contract).
 */
import { is2xx, is4xx, outcomeText, type Exchange } from '../http/exchange.js';
import type { ContractRun, TypeRun } from './contract-run.js';
import { formatPath, type UndocumentedField } from './contract-schema.js';
import type { WebhookEvent } from './events.js';

export type Deltas = Record<string, number>;
export type DeliveryKind = 'documented' | 'traced' | 'as-sent' | 'added' | 'changed' | 'isolated' | 'replay' | 'unknown' | 'renamed-header';

export interface Delivery {
  kind: DeliveryKind;
  /** The probe's name in the evidence. */
  name: string;
  type: string;
  event: WebhookEvent;
  /** The undocumented fields it carried. */
  fields?: UndocumentedField[];
  /** For a single-field delivery: the mutation it isolates. */
  from?: DeliveryKind;
  ex: Exchange;
  /** How much each effects counter moved during the delivery. */
  deltas: Deltas;
}

/** Same status (or both unanswered) and the same change of every counter. */
export function sameOutcome(a: Delivery, b: Delivery): boolean {
  return a.ex.response?.status === b.ex.response?.status && Object.keys(a.deltas).every((k) => a.deltas[k] === b.deltas[k]);
}

const moved = (d: Delivery) => Object.values(d.deltas).some((n) => n !== 0);

/** How counters are named in messages: a single unnamed counter is "the effect". */
export interface Counters {
  names: string[];
  /** True when `effects` was one function, named `effects` internally. */
  unnamed: boolean;
}

function effectText(d: Delivery, counters: Counters): string {
  if (!moved(d)) return 'caused no effect';
  if (counters.unnamed) {
    const n = d.deltas[counters.names[0]!]!;
    return n > 0 ? `caused ${n} effect${n === 1 ? '' : 's'}` : `undid ${-n} effect${n === -1 ? '' : 's'}`;
  }
  return `caused ${Object.entries(d.deltas)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k} ${n > 0 ? '+' : ''}${n}`)
    .join(', ')}`;
}

export const describeOutcome = (d: Delivery, counters: Counters) => `${effectText(d, counters)} (${outcomeText(d.ex)})`;

function valueText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function mutationText(d: Delivery): string {
  const [field] = d.fields ?? [];
  const path = field ? formatPath(field.path) : '';
  if (d.from === 'as-sent') return `${path} as the sender sent it (${valueText(field?.value)})`;
  if (d.from === 'changed') return `${path} changed to ${valueText(field?.value)}`;
  return `${path} added (${valueText(field?.value)})`;
}

/** "fulfilment", "the effect", "the response", "the response and fulfilment". */
function whatDiffers(d: Delivery, base: Delivery, counters: Counters): { what: string; verb: string } {
  const parts: string[] = [];
  if (d.ex.response?.status !== base.ex.response?.status) parts.push('the response');
  const changed = counters.names.filter((k) => d.deltas[k] !== base.deltas[k]);
  if (changed.length) parts.push(...(counters.unnamed ? ['the effect'] : changed));
  return { what: parts.join(' and '), verb: parts.length > 1 ? 'depend' : 'depends' };
}

/** The dependencies a type's deliveries show: single fields by name, else the mutation as a whole. */
function dependencyLines(r: TypeRun, counters: Counters): string[] {
  const base = r.documented;
  const lines: string[] = [];
  const named = r.isolated.filter((d) => !sameOutcome(d, base));
  const seen = new Set<string>();
  for (const d of named) {
    const path = formatPath(d.fields![0]!.path);
    if (seen.has(path)) continue;
    seen.add(path);
    const { what, verb } = whatDiffers(d, base, counters);
    lines.push(
      `${what} ${verb} on ${path}, which the contract does not document: ${r.sample.delivered} with documented fields only ${describeOutcome(base, counters)}; with ${mutationText(d)} it ${describeOutcome(d, counters)}`,
    );
  }
  for (const m of r.mutated) {
    // A mutation is explained when it carried a field already named above.
    if (sameOutcome(m, base) || (m.fields ?? []).some((f) => seen.has(formatPath(f.path)))) continue;
    const { what, verb } = whatDiffers(m, base, counters);
    const fields = (m.fields ?? []).map((f) => formatPath(f.path)).join(', ');
    lines.push(
      `${what} ${verb} on undocumented fields together (${m.kind} ${fields}): ${r.sample.delivered} with documented fields only ${describeOutcome(base, counters)}; with them ${describeOutcome(m, counters)}, though no one of them alone made a difference`,
    );
  }
  return lines;
}

export interface Judgement {
  failures: string[];
  /** Counters that moved for no delivery with only documented fields, and whether anything moved them. */
  uncontrolled: Array<{ counter: string; movedElsewhere: boolean }>;
  /** Expected outcome and verdict of each delivery, for the evidence. */
  verdicts: Map<Delivery, { expected: string; ok: boolean }>;
  dependencies: Record<string, string[]>;
}

export function judgeContractRun(run: ContractRun, counters: Counters, headers: { missing: string[]; scheme: string; named: string[] }): Judgement {
  const failures: string[] = [];
  const verdicts = new Map<Delivery, { expected: string; ok: boolean }>();
  const every = [
    ...run.types.flatMap((r) => [r.documented, r.traced, ...r.mutated, ...r.isolated, r.replay]),
    run.unknown,
    ...(run.renamedHeader ? [run.renamedHeader.delivery] : []),
  ];

  if (headers.missing.length) {
    failures.push(
      `the contract names the delivery headers ${headers.named.join(', ')}, but the ${headers.scheme} scheme the integration verifies sends no ${headers.missing.join(', ')}: verify the signature headers the contract names`,
    );
  }

  // The positive control: each counter must move for some delivery with only documented fields.
  const uncontrolled = counters.names
    .filter((k) => !run.types.some((r) => r.documented.deltas[k] !== 0))
    .map((counter) => ({ counter, movedElsewhere: every.some((d) => d.deltas[counter] !== 0) }));
  const blind = uncontrolled.filter((u) => !u.movedElsewhere);
  const notCounted = blind.length
    ? ` (not counted: ${counters.unnamed ? 'the effects counter' : blind.map((b) => b.counter).join(', ')} did not move for any delivery)`
    : '';

  for (const r of run.types) {
    const base = r.documented;
    if (!is2xx(base.ex))
      failures.push(
        `refused ${r.sample.delivered} with documented fields only: ${outcomeText(base.ex)}; a delivery the contract documents must be acknowledged with a 2xx`,
      );
    verdicts.set(base, { expected: moved(base) ? '2xx, effects move (positive control)' : '2xx', ok: is2xx(base.ex) });
    verdicts.set(r.traced, { expected: 'any answer: records the fields the handler looks up (used when it fares like the documented delivery)', ok: true });
    const same = `same response and effects as documented fields only: ${describeOutcome(base, counters)}${notCounted}`;
    for (const d of [...r.mutated, ...r.isolated]) verdicts.set(d, { expected: same, ok: sameOutcome(d, base) && !notCounted });
  }
  const dependencies: Record<string, string[]> = {};
  for (const r of run.types) {
    failures.push(...dependencyLines(r, counters));
    dependencies[r.sample.delivered] = [...new Set(r.isolated.filter((d) => !sameOutcome(d, r.documented)).map((d) => formatPath(d.fields![0]!.path)))];
  }
  for (const u of uncontrolled) {
    const label = counters.unnamed ? 'the effects counter' : u.counter;
    const per = run.types.map((r) => `${r.sample.delivered}: ${outcomeText(r.documented.ex)}`).join('; ');
    failures.push(
      u.movedElsewhere
        ? `no delivery with only documented fields moved ${label} (${per}): it moved only when undocumented fields were present`
        : `${label} did not move for any delivery with only documented fields (${per}), nor for any other probe: it cannot observe these probes, so unchanged counts prove nothing`,
    );
  }

  for (const r of run.types) {
    const { replay, documented } = r;
    const sameStatus = replay.ex.response?.status === documented.ex.response?.status;
    if (!sameStatus)
      failures.push(
        `answered the replay of ${r.sample.delivered} ${documented.event.id} (same webhook-id and body, signed anew) with ${outcomeText(replay.ex)}, where the first delivery got ${outcomeText(documented.ex)}`,
      );
    if (moved(replay))
      failures.push(
        `the replay of ${r.sample.delivered} ${documented.event.id} (same webhook-id and body, signed anew) ${effectText(replay, counters)}, expected none: the webhook-id is the event's idempotency key`,
      );
    verdicts.set(replay, {
      expected: `same response as the first delivery (${outcomeText(documented.ex)}), no effect${notCounted}`,
      ok: sameStatus && !moved(replay) && !notCounted,
    });
  }

  const u = run.unknown;
  if (!is2xx(u.ex)) {
    const how = u.ex.response
      ? `answered the unknown event type ${u.type} with ${outcomeText(u.ex)}`
      : `gave no answer to the unknown event type ${u.type} (${u.ex.error ?? 'no response'})`;
    failures.push(`${how}: acknowledge event types you do not handle with a 2xx (anything else is retried, then dead-lettered)`);
  }
  if (moved(u))
    failures.push(
      `the unknown event type ${u.type} ${effectText(u, counters)} (${outcomeText(u.ex)}): act only on event types the contract documents; log and acknowledge the others`,
    );
  verdicts.set(u, { expected: `2xx, no effect${notCounted}`, ok: is2xx(u.ex) && !moved(u) && !notCounted });

  if (run.renamedHeader) {
    const { delivery: d, from, to } = run.renamedHeader;
    if (!is4xx(d.ex))
      failures.push(
        `${is2xx(d.ex) ? 'accepted' : `answered with ${outcomeText(d.ex)}`} ${d.type} whose signature came in ${to} instead of ${from}, the header the contract names${is2xx(d.ex) ? `: ${outcomeText(d.ex)}` : ', instead of a 4xx refusal'}`,
      );
    else if (moved(d))
      failures.push(`refused ${d.type} whose signature came in ${to} instead of ${from} with ${outcomeText(d.ex)}, but it ${effectText(d, counters)}`);
    verdicts.set(d, { expected: `4xx, no effect${notCounted}`, ok: is4xx(d.ex) && !moved(d) && !notCounted });
  }
  return { failures, uncontrolled, verdicts, dependencies };
}
