import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import LaunchReporter from '../../src/reporter.js';
import { loadPublicKey } from '../../src/record/keys.js';
import { verifyRecordFile } from '../../src/record/verify.js';
import { copyGateFixture, GATE_FIXTURE, runGate } from '../e2e/run-gate.js';
import { Capture, comparable } from './compare.js';

/** Runs shard `index/count` of the gate fixture with Vitest's blob reporter into `blobDir`. */
async function runShard(index: number, count: number, blobDir: string, root = GATE_FIXTURE): Promise<void> {
  const out = new Capture();
  const vitest = await startVitest(
    'test',
    [],
    {
      root,
      config: join(root, 'vitest.config.ts'),
      watch: false,
      shard: `${index}/${count}`,
      reporters: [['blob', { outputFile: join(blobDir, `blob-${index}-${count}.json`) }]],
    },
    {},
    { stdout: out, stderr: out },
  );
  await vitest.close();
  process.exitCode = 0;
}

/** `vitest run --merge-reports=<blobDir> --reporter=0bit-launch`; returns the verified predicate. */
async function mergeShards(blobDir: string, root = GATE_FIXTURE) {
  const outDir = mkdtempSync(join(tmpdir(), 'launch-merged-'));
  const out = new Capture();
  const vitest = await startVitest(
    'test',
    [],
    {
      root,
      config: join(root, 'vitest.config.ts'),
      watch: false,
      mergeReports: blobDir,
      reporters: [new LaunchReporter({ output: { dir: outDir }, terminal: false })],
    },
    {},
    { stdout: out, stderr: out },
  );
  await vitest.close();
  process.exitCode = 0;
  const verified = verifyRecordFile(join(outDir, 'launch-record.json'), [loadPublicKey(join(outDir, 'launch-signing.pub.pem'))]);
  return { predicate: verified.statement.predicate, subjects: verified.statement.subject, output: out.text };
}

describe('sharded runs merged with --merge-reports', () => {
  it('give one record equal in verdict, areas and evidence to an unsharded run', async () => {
    const whole = await runGate();
    const wholeVerified = verifyRecordFile(join(whole.outDir, 'launch-record.json'), [loadPublicKey(join(whole.outDir, 'launch-signing.pub.pem'))]);

    const oneDir = mkdtempSync(join(tmpdir(), 'launch-blobs1-'));
    await runShard(1, 1, oneDir);
    const threeDir = mkdtempSync(join(tmpdir(), 'launch-blobs3-'));
    for (const i of [1, 2, 3]) await runShard(i, 3, threeDir);
    expect(readdirSync(threeDir).sort()).toEqual(['blob-1-3.json', 'blob-2-3.json', 'blob-3-3.json']);

    const mergedOne = await mergeShards(oneDir);
    const mergedThree = await mergeShards(threeDir);

    for (const merged of [mergedOne, mergedThree]) {
      expect(merged.predicate.ready).toBe(true);
      expect(merged.predicate.partial).toBe(false);
      expect(comparable(merged.predicate)).toEqual(comparable(wholeVerified.statement.predicate));
      expect(merged.subjects.map((s) => s.name).sort()).toEqual(wholeVerified.statement.subject.map((s) => s.name).sort());
    }
    expect(mergedThree.predicate.run.shards).toEqual({ shard: null, merged: 3, complete: true, mismatches: [] });
    expect(mergedOne.predicate.run.shards).toEqual({ shard: null, merged: 1, complete: true, mismatches: [] });
    expect(wholeVerified.statement.predicate.tests.length).toBeGreaterThan(0);
  });

  it('is never ready when a shard is missing from the merge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-blobs-missing-'));
    await runShard(1, 3, dir);
    await runShard(3, 3, dir);
    const merged = await mergeShards(dir);
    expect(merged.predicate.ready).toBe(false);
    expect(merged.predicate.partial).toBe(true);
    expect(merged.predicate.run.shards).toEqual({ shard: null, merged: 2, complete: false, mismatches: [] });
    expect(merged.predicate.notReadyReasons.map((r) => r.code)).toContain('SHARD_UNMERGED');
  });

  it('refuses a blob made from other bytes of a spec than the merging checkout holds', async () => {
    const root = copyGateFixture();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'launch-blobs-stale-'));
      for (const i of [1, 2]) await runShard(i, 2, dir, root);
      // The spec changes after its shard ran (a later commit, a rebase): the blob no longer vouches for it.
      const spec = join(root, 'specs', 'support.spec.ts');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace("it('holds'", "it.skip('holds'"));
      const merged = await mergeShards(dir, root);
      expect(merged.predicate.ready).toBe(false);
      expect(merged.predicate.notReadyReasons.map((r) => r.code)).toContain('SHARD_MISMATCH');
      expect(merged.predicate.run.shards.mismatches.join()).toMatch(/specs\/support\.spec\.ts changed since its shard ran/);
      expect(merged.subjects.find((s) => s.name === 'specs/support.spec.ts')!.digest.sha256).toBe(
        createHash('sha256').update(readFileSync(spec)).digest('hex'),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes a partial record that is never ready for one shard run with the launch reporter alone', async () => {
    const run = await runGate({ cli: { shard: '2/3' } });
    const record = JSON.parse(readFileSync(join(run.outDir, 'launch-record.json'), 'utf8'));
    const predicate = JSON.parse(Buffer.from(record.payload, 'base64').toString('utf8')).predicate;
    expect(predicate.partial).toBe(true);
    expect(predicate.ready).toBe(false);
    expect(predicate.run.shards).toEqual({ shard: '2/3', merged: 0, complete: false, mismatches: [] });
    expect(predicate.tests.length).toBeGreaterThan(0);
  });
});
