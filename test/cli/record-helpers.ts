import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AREAS } from '../../src/areas.js';
import { ephemeralSigner } from '../../src/record/keys.js';
import { buildStatement, signStatement } from '../../src/record/statement.js';
import type { LaunchPredicate } from '../../src/record/schema.js';
import type { Signer } from '../../src/record/dsse.js';

/** A minimal valid predicate; `patch` changes what a test needs. */
export function predicate(patch: Partial<LaunchPredicate> = {}): LaunchPredicate {
  return {
    readiness: { productSurface: '0gate', sandboxEvidenceId: null, webhookVerified: true, idempotencyVerified: true, monitoringVerified: true, complianceApproved: true },
    ready: true,
    partial: false,
    environment: 'sandbox',
    notReadyReasons: [],
    areas: AREAS.map((a) => ({ id: a.id, title: a.title, checklist: a.checklist, status: 'passed', counts: { total: 1, passed: 1, failed: 0, skipped: 0, todo: 0, waived: 0 } })),
    tests: [],
    untagged: [],
    waivers: { used: [], ignored: [] },
    compliance: null,
    sandboxRecord: null,
    run: {
      id: 'run-1',
      startedAt: '2026-11-28T00:00:00.000Z',
      finishedAt: '2026-11-28T00:01:00.000Z',
      reason: 'passed',
      unhandledErrors: 0,
      suiteErrors: [],
      versions: { vitest: '4.1.12', node: 'v20.20.2', plugin: '0.1.0' },
      git: null,
      filters: { testNamePattern: null, files: [], tagsFilter: [], only: false },
      shards: { shard: null, merged: 0, complete: true },
      signer: { kind: 'ephemeral', keyid: 'k' },
    },
    ...patch,
  };
}

/** Writes a signed record and its public key into a fresh directory. */
export function writeRecord(p: LaunchPredicate = predicate(), signer: Signer = ephemeralSigner()) {
  const dir = mkdtempSync(join(tmpdir(), 'launch-cli-'));
  // As the reporter writes it: the predicate names the key that signs; 'k' means "as given".
  const named = p.run.signer.keyid === 'k' ? { ...p, run: { ...p.run, signer: { ...p.run.signer, keyid: signer.keyid } } } : p;
  const signed = signStatement(buildStatement([{ name: 'specs/a.spec.ts', digest: { sha256: '0'.repeat(64) } }], named), signer);
  const record = join(dir, 'launch-record.json');
  const key = join(dir, 'launch.pub.pem');
  writeFileSync(record, JSON.stringify(signed.envelope, null, 2));
  writeFileSync(key, signer.publicKeyPem());
  return { dir, record, key, signed };
}
