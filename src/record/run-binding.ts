import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * What a test worker stamps on each spec module before its tests run (the module's `meta`,
 * which Vitest carries through blob reports): the spec's digest, the commit and the shard
 * it ran in. A merge compares it with the merging checkout.
 */
export interface ModuleBinding {
  sha256: string;
  commit: string | null;
  /** `i/n` when the module ran in a shard. */
  shard: string | null;
}

export const BINDING_META_KEY = '0bit-launch';

declare module 'vitest' {
  interface TaskMeta {
    '0bit-launch'?: ModuleBinding;
  }
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Spec files' digests by absolute path, read once; an unreadable file maps to null. */
export function specDigests(files: Iterable<string>): Map<string, string | null> {
  const digests = new Map<string, string | null>();
  for (const file of files) {
    if (digests.has(file)) continue;
    try {
      digests.set(file, fileSha256(file));
    } catch {
      digests.set(file, null);
    }
  }
  return digests;
}

export interface MergedModule {
  moduleId: string;
  binding: ModuleBinding | undefined;
}

/**
 * Facts of a merged run from the modules' own bindings, never from blob file names:
 * which shards arrived, whether all of `1..n` did, and which modules do not belong to
 * this checkout (other commit, other spec bytes, or no binding at all).
 */
export function mergeFacts(modules: readonly MergedModule[], digests: ReadonlyMap<string, string | null>, commit: string | null, root: string) {
  const mismatches: string[] = [];
  const shards = new Set<string>();
  let count = 0;
  for (const { moduleId, binding } of modules) {
    const file = relative(root, moduleId).split('\\').join('/');
    if (!binding) {
      mismatches.push(`${file} carries no 0bit-launch binding (its shard ran without the plugin)`);
      continue;
    }
    if (binding.shard) {
      shards.add(binding.shard);
      count = Math.max(count, Number(binding.shard.split('/')[1]) || 0);
    }
    const current = digests.get(moduleId);
    if (current !== binding.sha256)
      mismatches.push(
        `${file} changed since its shard ran (shard sha256 ${binding.sha256.slice(0, 12)}…, checkout ${current ? `${current.slice(0, 12)}…` : 'unreadable'})`,
      );
    if (binding.commit !== commit) mismatches.push(`${file} ran at commit ${binding.commit ?? '(none)'}, this checkout is ${commit ?? '(not a git checkout)'}`);
  }
  const indexes = new Set([...shards].map((s) => Number(s.split('/')[0])));
  const complete = count === 0 ? shards.size === 0 : Array.from({ length: count }, (_, i) => i + 1).every((i) => indexes.has(i));
  return { merged: Math.max(shards.size, modules.length > 0 && count === 0 ? 1 : 0), complete, mismatches: [...new Set(mismatches)] };
}
