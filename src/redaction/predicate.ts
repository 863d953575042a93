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
const ATTRIBUTION: readonly string[] = ['compliance.approvedBy', 'tests.*.waiver.approvedBy', 'waivers.used.*.approvedBy', 'waivers.ignored.*.waiver.approvedBy'];

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

/** Distinct texts to redact, by treatment: free text, and attributions (secrets only). */
interface Texts {
  free: Set<string>;
  attribution: Set<string>;
}

/** Hand-written loops: this walks every node of a 10,000-test record. */
function collect(value: unknown, node: Trie | undefined, attribution: boolean, texts: Texts): void {
  if (typeof value === 'string') {
    (attribution ? texts.attribution : texts.free).add(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const child = childOf(node, '*');
    if (child?.treatment === 'verbatim') return;
    const within = attribution || child?.treatment === 'attribution';
    for (let i = 0; i < value.length; i++) collect(value[i], child, within, texts);
    return;
  }
  for (const key in value) {
    const child = childOf(node, key);
    if (child?.treatment === 'verbatim') continue;
    collect((value as Record<string, unknown>)[key], child, attribution || child?.treatment === 'attribution', texts);
  }
}

/** The value rebuilt with every string that changed replaced; untouched subtrees are shared. */
function rebuild(value: unknown, node: Trie | undefined, attribution: boolean, changed: { free: Map<string, string>; attribution: Map<string, string> }): unknown {
  if (typeof value === 'string') return (attribution ? changed.attribution : changed.free).get(value) ?? value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const child = childOf(node, '*');
    if (child?.treatment === 'verbatim') return value;
    const within = attribution || child?.treatment === 'attribution';
    return value.map((item) => rebuild(item, child, within, changed));
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const child = childOf(node, key);
    const item = (value as Record<string, unknown>)[key];
    out[key] = child?.treatment === 'verbatim' ? item : rebuild(item, child, attribution || child?.treatment === 'attribution', changed);
  }
  return out;
}

/** What `redactAll` changed, as before → after. */
function changes(redactor: RunRedactor, texts: Set<string>, options?: { personalData: false }): Map<string, string> {
  const before = [...texts];
  const after = redactor.redactAll(before, options);
  const out = new Map<string, string>();
  for (let i = 0; i < before.length; i++) if (after[i] !== before[i]) out.set(before[i]!, after[i]!);
  return out;
}

/**
 * The predicate with every known secret, credential shape and piece of personal data
 * masked in every free-text field, in one pass over all of its strings: call it just
 * before the predicate is signed, once the redactor has learned every fingerprint of the
 * run, so the result does not depend on which worker ran first. Returns the predicate
 * itself when nothing needed masking.
 */
export function redactPredicate<T>(predicate: T, redactor: RunRedactor): T {
  const texts: Texts = { free: new Set(), attribution: new Set() };
  collect(predicate, TRIE, false, texts);
  const changed = { free: changes(redactor, texts.free), attribution: changes(redactor, texts.attribution, { personalData: false }) };
  if (changed.free.size === 0 && changed.attribution.size === 0) return predicate;
  return rebuild(predicate, TRIE, false, changed) as T;
}
