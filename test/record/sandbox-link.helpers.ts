import { writeFileSync } from 'node:fs';
import { AREAS } from '../../src/areas.js';
import { signEnvelope, type Signer } from '../../src/record/dsse.js';
import type { LaunchPredicate } from '../../src/record/schema.js';
import { buildStatement } from '../../src/record/statement.js';

export interface SandboxRecordFields {
  environment?: 'sandbox' | 'live';
  ready?: boolean;
  productSurface?: string;
  finishedAt?: string;
}

/** A minimal, schema-valid launch predicate: all nine areas passed unless `ready` is false. */
export function samplePredicate(fields: SandboxRecordFields = {}): LaunchPredicate {
  const ready = fields.ready ?? true;
  const finishedAt = fields.finishedAt ?? '2026-03-01T12:00:00.000Z';
  const counts = { total: 1, passed: ready ? 1 : 0, failed: ready ? 0 : 1, skipped: 0, todo: 0, waived: 0 };
  return {
    readiness: {
      productSurface: fields.productSurface ?? '0gate',
      sandboxEvidenceId: null,
      webhookVerified: ready,
      idempotencyVerified: ready,
      monitoringVerified: ready,
      complianceApproved: ready,
    },
    ready,
    partial: false,
    environment: fields.environment ?? 'sandbox',
    notReadyReasons: ready ? [] : [{ code: 'AREA_FAILED', area: 'webhooks', message: 'Webhooks: 1 test(s) failed' }],
    areas: AREAS.map((a) => ({ id: a.id, title: a.title, checklist: a.checklist, status: ready || a.id !== 'webhooks' ? 'passed' : 'failed', counts })),
    tests: [],
    untagged: [],
    waivers: { used: [], ignored: [] },
    compliance: null,
    sandboxRecord: null,
    run: {
      id: 'run-1',
      startedAt: '2026-03-01T11:59:00.000Z',
      finishedAt,
      reason: ready ? 'passed' : 'failed',
      unhandledErrors: 0,
      suiteErrors: [],
      versions: { vitest: '4.1.12', node: 'v20.19.0', plugin: '0.1.0' },
      git: null,
      filters: { testNamePattern: null, files: [], tagsFilter: [], only: false },
      shards: { shard: null, merged: 0, complete: true },
      signer: { kind: 'configured', keyid: 'a'.repeat(64) },
    },
  };
}

/** Signs a sample sandbox record with `signer` and writes the envelope to `path`; returns the file text. */
export function writeSandboxRecord(path: string, signer: Signer, fields: SandboxRecordFields = {}): string {
  const statement = buildStatement([{ name: 'specs/webhooks.spec.ts', digest: { sha256: '0'.repeat(64) } }], samplePredicate(fields));
  const text = JSON.stringify(signEnvelope(Buffer.from(JSON.stringify(statement), 'utf8'), signer), null, 2);
  writeFileSync(path, text);
  return text;
}
