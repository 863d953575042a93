import type { RunRedactor } from './redactor.js';

/**
 * Fields that are identifiers, digests, enums or times the verifier compares byte for
 * byte: masking one by accident would break verification, and none can hold a secret.
 * Everything else — names, messages, evidence, waivers, compliance text, reasons, filters,
 * and any field added later — is redacted.
 */
const VERBATIM: readonly string[] = [
  'readiness',
  'areas',
  'environment',
  'run.id',
  'run.startedAt',
  'run.finishedAt',
  'run.reason',
  'run.versions',
  'run.git',
  'run.signer',
  'run.shards',
  'sandboxRecord.id',
  'sandboxRecord.keyid',
  'sandboxRecord.finishedAt',
  'sandboxRecord.areas',
  'tests.*.id',
  'tests.*.area',
  'tests.*.state',
  'untagged.*.id',
  'untagged.*.state',
  'waivers.used.*.testId',
  'notReadyReasons.*.code',
  'notReadyReasons.*.area',
  'notReadyReasons.*.testId',
];

/**
 * Who approved a waiver or a compliance review is what the record attests: an address
 * there is an attribution, not leaked personal data, so only secrets are masked in it.
 */
const ATTRIBUTION: readonly string[] = [
  'compliance.approvedBy',
  'tests.*.waiver.approvedBy',
  'waivers.used.*.approvedBy',
  'waivers.ignored.*.waiver.approvedBy',
];

type Treatment = 'verbatim' | 'attribution';

/** A path trie: `*` stands for any array index or key; a marked node's whole subtree gets its treatment. */
interface Trie {
  treatment?: Treatment;
  children: Map<string, Trie>;
}

function trieOf(paths: Record<Treatment, readonly string[]>): Trie {
  const root: Trie = { children: new Map() };
  for (const [treatment, list] of Object.entries(paths) as Array<[Treatment, readonly string[]]>) {
    for (const path of list) {
      let node = root;
      for (const key of path.split('.')) {
        let child = node.children.get(key);
        if (!child) node.children.set(key, (child = { children: new Map() }));
        node = child;
      }
      node.treatment = treatment;
    }
  }
  return root;
}

const TRIE = trieOf({ verbatim: VERBATIM, attribution: ATTRIBUTION });

function childOf(node: Trie | undefined, key: string): Trie | undefined {
  return node?.children.get(key) ?? node?.children.get('*');
}

type Changed = { free: Map<string, string>; attribution: Map<string, string> };

/**
 * What a walk collects: distinct texts by treatment (free text; attributions, secrets
 * only), and the units it went through — each element of an array under the root, each
 * other field of the root — so that only the units holding a masked text are rebuilt.
 */
class Collected {
  readonly free = new Set<string>();
  readonly attribution = new Set<string>();
  readonly units: Array<{ key: string; index?: number }> = [];

  /** Walks `value`; hand-written loops, since this visits every node of a 10,000-test record. */
  walk(value: unknown, node: Trie | undefined, attribution: boolean): void {
    if (node === undefined) {
      this.plain(value, attribution ? this.attribution : this.free);
      return;
    }
    if (typeof value === 'string') {
      (attribution ? this.attribution : this.free).add(value);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      const child = childOf(node, '*');
      if (child?.treatment === 'verbatim') return;
      const within = attribution || child?.treatment === 'attribution';
      for (let i = 0; i < value.length; i++) this.walk(value[i], child, within);
      return;
    }
    for (const key in value) {
      const child = childOf(node, key);
      if (child?.treatment !== 'verbatim') this.walk((value as Record<string, unknown>)[key], child, attribution || child?.treatment === 'attribution');
    }
  }

  /** A subtree no path rule reaches (evidence, most of a record): every string in it is redacted alike. */
  plain(value: unknown, into: Set<string>): void {
    if (typeof value === 'string') {
      into.add(value);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.plain(value[i], into);
      return;
    }
    for (const key in value) this.plain((value as Record<string, unknown>)[key], into);
  }

  /** Walks the root field by field, and array fields element by element, as units. */
  walkRoot(root: Record<string, unknown>): void {
    for (const key in root) {
      const child = childOf(TRIE, key);
      if (child?.treatment === 'verbatim') continue;
      const value = root[key];
      const attribution = child?.treatment === 'attribution';
      if (!Array.isArray(value)) {
        this.walk(value, child, attribution);
        this.units.push({ key });
        continue;
      }
      const item = childOf(child, '*');
      if (item?.treatment === 'verbatim') continue;
      for (let index = 0; index < value.length; index++) {
        this.walk(value[index], item, attribution || item?.treatment === 'attribution');
        this.units.push({ key, index });
      }
    }
  }
}

/** Whether a string in `value` is one of `changed` (no allocation: run only when something changed). */
function holds(value: unknown, changed: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return changed.has(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holds(value[i], changed)) return true;
    return false;
  }
  for (const key in value) if (holds((value as Record<string, unknown>)[key], changed)) return true;
  return false;
}

/** The value with every string that changed replaced; what did not change is shared, not copied. */
function rebuild(value: unknown, node: Trie | undefined, attribution: boolean, changed: Changed): unknown {
  if (typeof value === 'string') return (attribution ? changed.attribution : changed.free).get(value) ?? value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const child = childOf(node, '*');
    if (child?.treatment === 'verbatim') return value;
    const within = attribution || child?.treatment === 'attribution';
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = rebuild(value[i], child, within, changed);
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const child = childOf(node, key);
    if (child?.treatment === 'verbatim') continue;
    const item = (value as Record<string, unknown>)[key];
    const next = rebuild(item, child, attribution || child?.treatment === 'attribution', changed);
    if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return copy ?? value;
}

/**
 * The predicate with every known secret, credential shape and piece of personal data
 * masked in every free-text field, in one pass over all of its strings: call it just
 * before the predicate is signed, once the redactor has learned every fingerprint of the
 * run, so the result does not depend on which worker ran first. Returns the predicate
 * itself when nothing needed masking; otherwise only what holds a masked string is copied.
 */
export function redactPredicate<T extends object>(predicate: T, redactor: RunRedactor): T {
  const root = predicate as Record<string, unknown>;
  const collected = new Collected();
  collected.walkRoot(root);
  const changed: Changed = { free: redactor.changed(collected.free), attribution: redactor.changed(collected.attribution, { personalData: false }) };
  if (changed.free.size === 0 && changed.attribution.size === 0) return predicate;
  const out: Record<string, unknown> = { ...root };
  const copied = new Set<string>();
  const any = new Set([...changed.free.keys(), ...changed.attribution.keys()]);
  for (const unit of collected.units) {
    const value = unit.index === undefined ? root[unit.key] : (root[unit.key] as unknown[])[unit.index];
    if (!holds(value, any)) continue;
    const child = childOf(TRIE, unit.key);
    if (unit.index === undefined) {
      out[unit.key] = rebuild(root[unit.key], child, child?.treatment === 'attribution', changed);
      continue;
    }
    if (!copied.has(unit.key)) {
      copied.add(unit.key);
      out[unit.key] = [...(root[unit.key] as unknown[])];
    }
    const item = childOf(child, '*');
    const list = out[unit.key] as unknown[];
    list[unit.index] = rebuild(list[unit.index], item, child?.treatment === 'attribution' || item?.treatment === 'attribution', changed);
  }
  return out as T;
}
