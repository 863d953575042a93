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

/** Texts to redact, by treatment: free text, and attributions (secrets only). */
interface Texts {
  free: string[];
  attribution: string[];
}

function collect(value: unknown, node: Trie | undefined, attribution: boolean, texts: Texts): void {
  if (node?.treatment === 'verbatim') return;
  const within = attribution || node?.treatment === 'attribution';
  if (typeof value === 'string') (within ? texts.attribution : texts.free).push(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, childOf(node, '*'), within, texts);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) collect(item, childOf(node, key), within, texts);
}

/** The value rebuilt with each string `collect` visited replaced by the next redacted one of its treatment, in the same order. */
function rebuild(value: unknown, node: Trie | undefined, attribution: boolean, redacted: { free: Iterator<string>; attribution: Iterator<string> }): unknown {
  if (node?.treatment === 'verbatim') return value;
  const within = attribution || node?.treatment === 'attribution';
  if (typeof value === 'string') return (within ? redacted.attribution : redacted.free).next().value;
  if (Array.isArray(value)) return value.map((item) => rebuild(item, childOf(node, '*'), within, redacted));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = rebuild(item, childOf(node, key), within, redacted);
    return out;
  }
  return value;
}

const unchanged = (before: readonly string[], after: readonly string[]) => after.every((text, i) => text === before[i]);

/**
 * The predicate with every known secret, credential shape and piece of personal data
 * masked in every free-text field, in one pass over all of its strings: call it just
 * before the predicate is signed, once the redactor has learned every fingerprint of the
 * run, so the result does not depend on which worker ran first. Returns the predicate
 * itself when nothing needed masking.
 */
export function redactPredicate<T>(predicate: T, redactor: RunRedactor): T {
  const texts: Texts = { free: [], attribution: [] };
  collect(predicate, TRIE, false, texts);
  const free = redactor.redactAll(texts.free);
  const attribution = redactor.redactAll(texts.attribution, { personalData: false });
  if (unchanged(texts.free, free) && unchanged(texts.attribution, attribution)) return predicate;
  return rebuild(predicate, TRIE, false, { free: free[Symbol.iterator](), attribution: attribution[Symbol.iterator]() }) as T;
}
