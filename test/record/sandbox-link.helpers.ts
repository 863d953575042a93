import { writeFileSync } from 'node:fs';
import { consistentPredicate } from '../support/predicates.js';
import { signEnvelope, type Signer } from '../../src/record/dsse.js';
import type { LaunchPredicate } from '../../src/record/schema.js';
import { buildStatement } from '../../src/record/statement.js';

/** The spec subjects of the sample suite: a live run of the same suite names these. */
export const SUITE = [{ name: 'specs/webhooks.spec.ts', digest: { sha256: '0'.repeat(64) } }] as const;

export interface SandboxRecordFields {
  environment?: 'sandbox' | 'live';
  ready?: boolean;
  productSurface?: string;
  finishedAt?: string;
}

/** A consistent launch predicate: all nine areas passed unless `ready` is false (then webhooks failed). */
export function samplePredicate(fields: SandboxRecordFields = {}, keyid = 'a'.repeat(64)): LaunchPredicate {
  return consistentPredicate({
    environment: fields.environment,
    productSurface: fields.productSurface,
    failing: fields.ready === false ? ['webhooks'] : [],
    finishedAt: fields.finishedAt,
    signer: { kind: 'configured', keyid },
  });
}

/** Signs a sample sandbox record with `signer` and writes the envelope to `path`; returns the file text. */
export function writeSandboxRecord(path: string, signer: Signer, fields: SandboxRecordFields = {}): string {
  const statement = buildStatement([...SUITE], samplePredicate(fields, signer.keyid));
  const text = JSON.stringify(signEnvelope(Buffer.from(JSON.stringify(statement), 'utf8'), signer), null, 2);
  writeFileSync(path, text);
  return text;
}
