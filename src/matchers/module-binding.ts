import type { RunnerTestFile, RunnerTestSuite } from 'vitest';
import { BINDING_META_KEY, fileSha256 } from '../record/run-binding.js';
import { runContext } from './run-context.js';

/**
 * Stamps the spec module with its digest, commit and shard before its tests run, so a
 * merge of shard blobs can refuse blobs made from other bytes or another commit.
 */
export function bindModule(suite: Readonly<RunnerTestSuite | RunnerTestFile>): void {
  const file = 'filepath' in suite ? suite : suite.file;
  if (!file || file.meta[BINDING_META_KEY]) return;
  let sha256: string;
  try {
    sha256 = fileSha256(file.filepath);
  } catch {
    return;
  }
  const context = runContext();
  file.meta[BINDING_META_KEY] = { sha256, commit: context?.commit ?? null, shard: context?.shard ?? null };
}
