import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consistentPredicate, type PredicateFields } from '../support/predicates.js';
import { ephemeralSigner } from '../../src/record/keys.js';
import { buildStatement, signStatement } from '../../src/record/statement.js';
import type { LaunchPredicate } from '../../src/record/schema.js';
import type { Signer } from '../../src/record/dsse.js';

/** A consistent predicate (verify re-derives its verdict); `patch` changes what a test needs. */
export function predicate(fields: PredicateFields = {}): LaunchPredicate {
  return consistentPredicate(fields);
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
