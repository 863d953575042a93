import { describe, expect, it } from 'vitest';
import { ephemeralSigner, loadPublicKey } from '../../src/record/keys.js';
import { inconsistencies } from '../../src/record/consistency.js';
import { verifyRecordText } from '../../src/record/verify.js';
import { buildStatement, signStatement } from '../../src/record/statement.js';
import type { LaunchPredicate } from '../../src/record/schema.js';
import { consistentPredicate } from '../support/predicates.js';

const signer = ephemeralSigner();
const signed = (p: LaunchPredicate) =>
  JSON.stringify(signStatement(buildStatement([{ name: 'specs/a.spec.ts', digest: { sha256: '0'.repeat(64) } }], p), signer).envelope);
const honest = (fields: Parameters<typeof consistentPredicate>[0] = {}) =>
  consistentPredicate({ signer: { kind: 'ephemeral', keyid: signer.keyid }, ...fields });

/** A trusted key signing a predicate that says more than its own facts. */
const lies: Array<[string, LaunchPredicate]> = [
  ['ready over a failed area', { ...honest({ failing: ['webhooks'] }), ready: true, notReadyReasons: [] }],
  [
    'an area marked passed whose test failed',
    (() => {
      const p = honest({ failing: ['support'] });
      return { ...p, areas: p.areas.map((a) => (a.id === 'support' ? { ...a, status: 'passed' as const } : a)) };
    })(),
  ],
  [
    'ready while partial',
    (() => {
      const p = honest({ run: { filters: { testNamePattern: '/webhooks/', files: [], projects: [], tagsFilter: [], only: false } } });
      return { ...p, ready: true, partial: false, notReadyReasons: [] };
    })(),
  ],
  ['ready while interrupted', { ...honest({ run: { reason: 'interrupted' } }), ready: true, notReadyReasons: [] }],
  ['ready in live with an ephemeral key and no sandbox link', { ...honest({ environment: 'live' }), ready: true, notReadyReasons: [] }],
  [
    'a readiness boolean without its area',
    (() => {
      const p = honest({ failing: ['monitoring'] });
      return { ...p, readiness: { ...p.readiness, monitoringVerified: true } };
    })(),
  ],
  [
    'a test claimed as support without evidence',
    (() => {
      const p = honest();
      return { ...p, tests: p.tests.map((t, i) => (i === 0 ? { ...t, evidence: [] } : t)) };
    })(),
  ],
];

describe('verify re-derives the verdict from the signed predicate', () => {
  it('accepts an honest record, ready or not', () => {
    expect(inconsistencies(honest())).toEqual([]);
    expect(inconsistencies(honest({ failing: ['webhooks'] }))).toEqual([]);
    expect(verifyRecordText(signed(honest()), [loadPublicKey(signer.publicKeyPem())]).statement.predicate.ready).toBe(true);
  });

  it.each(lies)('refuses a record with %s (RECORD_INCONSISTENT)', (_name, predicate) => {
    expect(inconsistencies(predicate).length).toBeGreaterThan(0);
    expect(() => verifyRecordText(signed(predicate), [loadPublicKey(signer.publicKeyPem())])).toThrow(expect.objectContaining({ code: 'RECORD_INCONSISTENT' }));
  });
});
