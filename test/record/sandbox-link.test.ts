import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Ed25519Signer, signEnvelope } from '../../src/record/dsse.js';
import { ephemeralSigner } from '../../src/record/keys.js';
import { linkSandboxRecord } from '../../src/record/sandbox-link.js';
import { sandboxLinkSchema } from '../../src/record/schema.js';
import { samplePredicate, SUITE, writeSandboxRecord, type SandboxRecordFields } from './sandbox-link.helpers.js';
import { buildStatement } from '../../src/record/statement.js';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const signer = ephemeralSigner();
const trusted: KeyObject = createPublicKey(signer.publicKeyPem());
const now = new Date('2026-03-10T12:00:00Z');
let n = 0;

function record(fields: SandboxRecordFields = {}, by: Ed25519Signer = signer): string {
  const path = join(dir, `record-${n++}.json`);
  writeSandboxRecord(path, by, fields);
  return path;
}

const link = (path: string, overrides: Partial<Parameters<typeof linkSandboxRecord>[0]> = {}) =>
  linkSandboxRecord({ path, trustedKeys: [trusted], productSurface: '0gate', specs: SUITE, maxAgeDays: 30, now, ...overrides });

describe('linkSandboxRecord', () => {
  it('links a good sandbox record: verified, ready, same surface, id = sha256 of the file bytes', () => {
    const path = record();
    const result = link(path);
    expect(sandboxLinkSchema.parse(result)).toEqual(result);
    expect(result).toEqual({
      id: `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`,
      verified: true,
      ready: true,
      productSurface: '0gate',
      finishedAt: '2026-03-01T12:00:00.000Z',
      keyid: signer.keyid,
      areas: expect.arrayContaining([{ id: 'webhooks', status: expect.any(String) }]),
      sameSuite: true,
    });
    expect(result.areas).toHaveLength(9);
  });

  it('says when the sandbox record covers another suite (other spec files or digests)', () => {
    const path = record();
    expect(link(path, { specs: [{ name: 'specs/webhooks.spec.ts', digest: { sha256: '1'.repeat(64) } }] }).sameSuite).toBe(false);
    expect(link(path, { specs: [...SUITE, { name: 'specs/extra.spec.ts', digest: { sha256: '2'.repeat(64) } }] }).sameSuite).toBe(false);
    expect(link(path, { specs: [...SUITE, { name: 'git+commit', digest: { gitCommit: 'abc' } }] }).sameSuite).toBe(true);
  });

  it('refuses a sandbox record that contradicts itself, even when its key is trusted', () => {
    const path = join(dir, 'lying.json');
    const p = samplePredicate({ ready: false }, signer.keyid);
    const statement = buildStatement([...SUITE], { ...p, ready: true, notReadyReasons: [] });
    writeFileSync(path, JSON.stringify(signEnvelope(Buffer.from(JSON.stringify(statement)), signer)));
    expect(link(path).problem).toMatch(/RECORD_INCONSISTENT/);
  });

  it('refuses a tampered record (one payload byte changed)', () => {
    const path = record();
    const envelope = JSON.parse(readFileSync(path, 'utf8'));
    const payload = Buffer.from(envelope.payload, 'base64').toString('utf8');
    const changed = payload.replace('"finishedAt":"2026-03-01', '"finishedAt":"2026-03-02');
    expect(changed).not.toBe(payload);
    writeFileSync(path, JSON.stringify({ ...envelope, payload: Buffer.from(changed, 'utf8').toString('base64') }));
    const result = link(path);
    expect(result).toMatchObject({ verified: false, ready: false });
    expect(result.problem).toMatch(/SIGNATURE_INVALID/);
  });

  it('refuses a record signed by an untrusted key', () => {
    const other = ephemeralSigner();
    const result = link(record({}, other));
    expect(result).toMatchObject({ verified: false, ready: false });
    // The same detection as verify and report (verifyRecordEnvelope): the code, and the signing key named.
    expect(result.problem).toMatch(/\(KEY_UNTRUSTED\)/);
    expect(result.problem).toContain(other.keyid);
  });

  it('refuses a verified record that was not ready', () => {
    const result = link(record({ ready: false }));
    expect(result).toMatchObject({ verified: true, ready: false, problem: 'the sandbox record was not ready' });
  });

  it('refuses a record for another product surface', () => {
    const result = link(record({ productSurface: '0pools_approved' }));
    expect(result.problem).toBe('the sandbox record is for product surface 0pools_approved, this run is for 0gate');
  });

  it('refuses a record older than maxAgeDays, and accepts it with a longer limit', () => {
    const path = record({ finishedAt: '2026-01-01T00:00:00.000Z' });
    expect(link(path).problem).toMatch(/is 68 days old .* the limit is 30 days/);
    expect(link(path, { maxAgeDays: 90 }).problem).toBeUndefined();
  });

  it('refuses a live record passed as the sandbox record', () => {
    expect(link(record({ environment: 'live' })).problem).toBe('the linked record is a live record, not a sandbox record');
  });

  it('refuses a record that finished in the future', () => {
    expect(link(record({ finishedAt: '2026-03-11T00:00:00.000Z' })).problem).toMatch(/finished in the future/);
  });

  it('never throws: a missing file, non-JSON, or no trusted key give a problem', () => {
    expect(link(join(dir, 'absent.json'))).toMatchObject({ id: '', verified: false, problem: expect.stringMatching(/cannot read/) });
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, 'not json');
    expect(link(junk)).toMatchObject({ verified: false, problem: 'the sandbox record is not JSON', id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(link(record(), { trustedKeys: [] }).problem).toMatch(/KEY_UNTRUSTED/);
  });

  it('refuses a signed payload that is not a launch statement', () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, JSON.stringify(signEnvelope(Buffer.from('{"predicateType":"x"}'), signer)));
    expect(link(path)).toMatchObject({ verified: true, ready: false, problem: expect.stringMatching(/PREDICATE_TYPE_UNKNOWN/) });
  });
});
