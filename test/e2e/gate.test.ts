import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPublicKey } from '../../src/record/keys.js';
import { verifyRecordFile } from '../../src/record/verify.js';
import { generateKeyPair } from '../../src/record/keys.js';
import { predicateOf, runGate } from './run-gate.js';

describe('the reporter on a real Vitest run', () => {
  it('writes a verifiable, ready record, a report and the ephemeral public key', async () => {
    const run = await runGate();
    const pub = join(run.outDir, 'launch-signing.pub.pem');
    const verified = verifyRecordFile(join(run.outDir, 'launch-record.json'), [loadPublicKey(pub)]);
    const p = verified.statement.predicate;
    expect(p.notReadyReasons).toEqual([]);
    expect(p.ready).toBe(true);
    expect(p.run.signer.kind).toBe('ephemeral');
    expect(p.areas.map((a) => a.status)).toEqual(Array(9).fill('passed'));
    expect(p.tests).toHaveLength(18);
    expect(p.tests[0]).toMatchObject({ file: expect.stringMatching(/^specs\/\w+\.spec\.ts$/), line: expect.any(Number) });
    expect(p.tests.every((t) => t.evidence.length > 0 || t.fullName.endsWith('also holds'))).toBe(true);
    expect(p.untagged).toEqual([expect.objectContaining({ fullName: 'is not launch evidence' })]);
    expect(verified.statement.subject.map((s) => s.name)).toContain('specs/webhooks.spec.ts');
    expect(readFileSync(join(run.outDir, 'launch-report.html'), 'utf8')).toContain('READY');
    expect(run.output).toMatch(/0bit-launch gate/);
    expect(run.output).toMatch(/READY/);
    expect(run.output).toContain(verified.keyid);
  });

  it.each([
    ['a failing test', { env: { FIXTURE_FAIL: 'webhooks' } }, 'AREA_FAILED'],
    ['a skipped test', { env: { FIXTURE_SKIP: 'origins' } }, 'AREA_INCOMPLETE'],
    ['a -t pattern', { cli: { testNamePattern: 'holds' } }, 'NARROWED_TEST_NAME'],
    ['a file filter', { filters: ['specs/webhooks'] }, 'NARROWED_FILES'],
    ['--tags-filter', { cli: { tagsFilter: ['launch:webhooks'] } }, 'NARROWED_TAGS'],
    ['an unmerged shard', { cli: { shard: '1/3' } }, 'SHARD_UNMERGED'],
    ['an unhandled error', { env: { FIXTURE_UNHANDLED: 'support' } }, 'UNHANDLED_ERRORS'],
  ] as const)('is never ready with %s', async (_name, opts, code) => {
    const run = await runGate(opts as never);
    const p = predicateOf(run.envelope);
    expect(p.ready).toBe(false);
    expect(p.notReadyReasons.map((r: { code: string }) => r.code)).toContain(code);
    expect(run.output).toMatch(/NOT READY/);
  });

  it('lets a waived failure through the gate as waived, never verified, and lists ignored waivers', async () => {
    const failing = 'webhooks > holds';
    const run = await runGate({
      env: { FIXTURE_FAIL: 'webhooks' },
      reporter: {
        waivers: [
          { test: failing, justification: 'provider fix scheduled', approvedBy: 'risk@shop.example', expires: '2999-12-31' },
          { test: 'origins > holds', justification: 'old', approvedBy: 'risk@shop.example', expires: '2020-01-01' },
        ],
      },
    });
    const p = predicateOf(run.envelope);
    expect(p.areas.find((a: { id: string }) => a.id === 'webhooks').status).toBe('waived');
    expect(p.readiness.webhookVerified).toBe(false);
    expect(p.ready).toBe(true);
    expect(p.waivers.used).toEqual([expect.objectContaining({ test: failing, approvedBy: 'risk@shop.example' })]);
    expect(p.waivers.ignored.map((w: { reason: string }) => w.reason).join()).toMatch(/expired/);
    expect(p.tests.find((t: { fullName: string }) => t.fullName === failing).waiver).toMatchObject({ justification: 'provider fix scheduled' });
  });

  it('fails the run before any test for a malformed waiver file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-waivers-'));
    writeFileSync(join(dir, 'w.yaml'), '- test: webhooks > holds\n  justification: x\n  approvedBy: 7\n');
    const run = await runGate({ reporter: { waivers: join(dir, 'w.yaml') } });
    expect(run.exitCode).toBe(1);
    expect(run.envelope).toBeUndefined();
    expect(run.output).toMatch(/w\.yaml:\d+: .*approvedBy/);
    expect(run.output).not.toMatch(/✓ specs\//);
  });

  it('signs with a configured key and never prints or records it', async () => {
    const pair = generateKeyPair();
    const canary = 'sk_live_C4N4RYc4n4ryC4N4RY9f2c';
    const run = await runGate({ env: { ZEROBIT_LAUNCH_SIGNING_KEY: pair.privateKeyPem, FIXTURE_CANARY: canary } });
    const p = predicateOf(run.envelope);
    expect(p.run.signer.kind).toBe('configured');
    expect(existsSync(join(run.outDir, 'launch-signing.pub.pem'))).toBe(false);
    const keyBody = pair.privateKeyPem.split('\n')[1]!;
    const everything = [
      run.output,
      ...readdirSync(run.outDir).map((f) => readFileSync(join(run.outDir, f), 'utf8')),
      Buffer.from(run.envelope.payload, 'base64').toString(),
    ];
    for (const text of everything) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(keyBody);
      expect(text).not.toContain('PRIVATE KEY');
    }
    expect(JSON.stringify(p)).toContain('sk_live_…9f2c');
  });

  it('fails the run with a clear error and writes nothing for an invalid key', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'launch-badkey-'));
    const bad = '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----';
    const run = await runGate({ outDir, env: { ZEROBIT_LAUNCH_SIGNING_KEY: bad } });
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/signing key is not a valid PEM private key; generate one with `0bit-launch keygen`/);
    expect(run.output).not.toContain('nope');
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('leaves no partial file when the output directory cannot be written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'launch-ro-'));
    writeFileSync(join(parent, 'blocked'), 'a file where the output directory should be');
    const run = await runGate({ outDir: join(parent, 'blocked', 'evidence') });
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/cannot write .*blocked\/evidence.*choose a writable output.dir/);
    expect(readdirSync(parent)).toEqual(['blocked']);
  });
});
