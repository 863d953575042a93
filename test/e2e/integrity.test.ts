import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import LaunchReporter from '../../src/reporter.js';
import { generateKeyPair, loadPublicKey } from '../../src/record/keys.js';
import { verifyRecordFile } from '../../src/record/verify.js';
import { copyGateFixture, GATE_FIXTURE, predicateOf, runGate } from './run-gate.js';
import { Capture } from '../shards/compare.js';

const VITEST_BIN = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
const codes = (p: { notReadyReasons: Array<{ code: string }> }) => p.notReadyReasons.map((r) => r.code);

/** `vitest run` of the gate suite in its own process, with the launch reporter configured. */
function runInChild(outDir: string, env: Record<string, string> = {}, args: string[] = []) {
  return spawnSync(process.execPath, [VITEST_BIN, 'run', '--config', join(GATE_FIXTURE, 'vitest.launch.config.ts'), ...args], {
    cwd: GATE_FIXTURE,
    env: { ...process.env, FIXTURE_OUT: outDir, CI: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('the record binds to the run that made it', () => {
  it('is partial when --exclude drops a spec the config includes', () => {
    // In a child: Vitest appends CLI excludes to an array that later runs in the same process would share.
    const outDir = mkdtempSync(join(tmpdir(), 'launch-exclude-'));
    const child = runInChild(outDir, {}, ['--exclude', 'specs/webhooks.spec.ts']);
    expect(child.status, child.stdout + child.stderr).toBe(1);
    const p = predicateOf(JSON.parse(readFileSync(join(outDir, 'launch-record.json'), 'utf8')));
    expect(p.partial).toBe(true);
    expect(codes(p)).toContain('NARROWED_FILES');
    expect(p.run.filters.files.join()).toContain('--exclude specs/webhooks.spec.ts');
  });

  it('is partial when --project runs one project of a projects config', async () => {
    const p = predicateOf((await runGate({ config: 'vitest.projects.config.ts', cli: { project: ['first'] } })).envelope);
    expect(p.partial).toBe(true);
    expect(codes(p)).toContain('NARROWED_PROJECT');
  });

  it('is ready when the same projects config runs whole', { timeout: 90_000 }, async () => {
    const p = predicateOf((await runGate({ config: 'vitest.projects.config.ts' })).envelope);
    expect(p.notReadyReasons).toEqual([]);
  });

  it('leaves no record behind when a later run is killed before it ends', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'launch-killed-'));
    const first = runInChild(outDir);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(existsSync(join(outDir, 'launch-record.json'))).toBe(true);

    const killed = runInChild(outDir, { FIXTURE_KILL: 'webhooks' });
    expect(killed.signal ?? killed.status).not.toBe(0);
    expect(existsSync(join(outDir, 'launch-record.json'))).toBe(false);
    expect(existsSync(join(outDir, 'launch-report.html'))).toBe(false);
  });

  it('leaves no record behind when a later run cannot write its output', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'launch-unwritable-'));
    expect(predicateOf((await runGate({ outDir })).envelope).ready).toBe(true);
    // The report's path is now a non-empty directory: the next run cannot replace it.
    rmSync(join(outDir, 'launch-report.html'));
    mkdirSync(join(outDir, 'launch-report.html', 'x'), { recursive: true });
    const run = await runGate({ outDir });
    expect(run.envelope).toBeUndefined();
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/OUTPUT_UNWRITABLE|cannot (write|remove)/);
    expect(existsSync(join(outDir, 'launch-record.json'))).toBe(false);
  });

  it('keeps the signing key from the test workers, and still signs with it', async () => {
    const pair = generateKeyPair();
    const run = await runGate({ env: { ZEROBIT_LAUNCH_SIGNING_KEY: pair.privateKeyPem, FIXTURE_KEY_PROBE: '1' } });
    const p = predicateOf(run.envelope);
    expect(p.notReadyReasons).toEqual([]);
    expect(p.run.signer.kind).toBe('configured');
    verifyRecordFile(join(run.outDir, 'launch-record.json'), [loadPublicKey(pair.publicKeyPem)]);
  });

  it('exits non-zero when not ready for reasons other than failing tests, unless told not to', async () => {
    const shard = await runGate({ cli: { shard: '1/3' } });
    expect(codes(predicateOf(shard.envelope))).toContain('SHARD_UNMERGED');
    expect(shard.exitCode).toBe(1);
    expect(shard.output).toMatch(/NOT READY/);

    const live = await runGate({ env: { ZEROBIT_ENV: 'live' } });
    expect(codes(predicateOf(live.envelope))).toEqual(expect.arrayContaining(['UNSIGNED_LIVE', 'SANDBOX_RECORD_MISSING']));
    expect(live.exitCode).toBe(1);

    const exploratory = await runGate({ env: { FIXTURE_BARE: 'monitoring' }, reporter: { failOnNotReady: false } });
    expect(predicateOf(exploratory.envelope).ready).toBe(false);
    expect(exploratory.exitCode ?? 0).toBe(0);
  });

  it('never lets a watch-mode rerun of part of the suite replace the full record', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'launch-watch-'));
    const out = new Capture();
    const vitest = await startVitest(
      'test',
      [],
      {
        root: GATE_FIXTURE,
        config: join(GATE_FIXTURE, 'vitest.config.ts'),
        watch: true,
        reporters: [new LaunchReporter({ output: { dir: outDir }, terminal: false })],
      },
      {},
      { stdout: out, stderr: out },
    );
    try {
      const recordPath = join(outDir, 'launch-record.json');
      const full = readFileSync(recordPath, 'utf8');
      const p = JSON.parse(Buffer.from(JSON.parse(full).payload, 'base64').toString()).predicate;
      expect(p.ready).toBe(true);
      const one = (await vitest.globTestSpecifications()).filter((s) => s.moduleId.endsWith('webhooks.spec.ts'));
      await vitest.rerunTestSpecifications(one);
      expect(readFileSync(recordPath, 'utf8')).toBe(full);
      expect(out.text).toMatch(/covered part of the suite; the launch record was left as it was/);
    } finally {
      await vitest.close();
      process.exitCode = 0;
    }
  });

  it('hashes each spec as it was when the run started, even if a test rewrites it', async () => {
    const root = copyGateFixture();
    try {
      const spec = join(root, 'specs', 'rewrites.spec.ts');
      const original = `import { appendFileSync } from 'node:fs';\nimport { it } from 'vitest';\n\nit('rewrites its own file', () => {\n  appendFileSync(new URL(import.meta.url), '// edited by the test\\n');\n});\n`;
      writeFileSync(spec, original);
      const p = await runGate({ root });
      const subject = p.subjects.find((s) => s.name === 'specs/rewrites.spec.ts');
      expect(readFileSync(spec, 'utf8')).not.toBe(original);
      expect(subject?.digest.sha256).toBe(createHash('sha256').update(original).digest('hex'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
