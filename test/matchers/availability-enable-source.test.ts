/** toEnable's provenance: the evidence says where the capability response came from. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const FLOW = { product: '0gate', region: 'EU', asset: 'USDC', method: 'card', verification: ['kyc', 'kyb'] as Array<'kyc' | 'kyb'> };
const liveAssetDisabled = JSON.parse(readFileSync('test/fixtures/availability/live-asset-disabled.json', 'utf8'));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.start();
});
afterAll(() => sandbox.stop());

const fetchCapabilities = (token = sandbox.credentials.secretKey) =>
  fetch(`${sandbox.baseUrl}/v1/capabilities`, { headers: { authorization: `Bearer ${token}` } });

const codeOf = async (assertion: () => unknown) => {
  try {
    await assertion();
  } catch (error) {
    return isLaunchError(error) ? error.code : 'assertion';
  }
  return 'passed';
};

describe('toEnable: where the capability response came from', () => {
  it('records a Response fetched during the run: URL, status, time, the environment checked and the response’s own', async ({ task }) => {
    const before = Date.now();
    await expect(await fetchCapabilities()).toEnable({ environment: 'sandbox', ...FLOW });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toEqual({
      environment: 'sandbox',
      checkedFor: 'sandbox',
      source: {
        kind: 'fetched',
        observed: true,
        url: 'https://api.sandbox.0bit.test/v1/capabilities',
        status: 200,
        fetchedAt: expect.any(String),
        timeFrom: 'read',
        confirmedBy: null,
      },
    });
    expect(Date.parse((evidence!.details.source as { fetchedAt: string }).fetchedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(evidence?.summary).toMatch(
      /^the sandbox capability response enables environment, product 0gate, .* \(fetched from https:\/\/api\.sandbox\.0bit\.test\/v1\/capabilities at \d{4}-/,
    );
  });

  it('takes the time from the Date header when the server sends one, and a declared URL for a Response that has none', async ({ task }) => {
    const res = new Response(JSON.stringify(sandbox.capabilities()), {
      headers: { 'content-type': 'application/json', date: 'Tue, 03 Mar 2026 10:00:00 GMT' },
    });
    await expect({ response: res, source: { url: 'https://api.0bit.example/v1/capabilities', confirmedBy: 'pinned by the payments team' } }).toEnable({
      asset: 'USDC',
    });
    expect(recordedEvidence(task)[0]?.details.source).toEqual({
      kind: 'fetched',
      observed: true,
      url: 'https://api.0bit.example/v1/capabilities',
      status: 200,
      fetchedAt: '2026-03-03T10:00:00.000Z',
      timeFrom: 'date-header',
      confirmedBy: 'pinned by the payments team',
    });
  });

  it('fails on a fetched response that is not 2xx, saying what the request answered', async ({ task }) => {
    const message = await failureOf(Promise.resolve(expect(await fetchCapabilities('sk_sandbox_NotTheRightKey0000000000')).toEnable({ asset: 'USDC' })));
    expect(message).toContain('the capability request to https://api.sandbox.0bit.test/v1/capabilities answered HTTP 401');
    await flushEvidence();
    expect(recordedEvidence(task)[0]?.checks).toEqual([
      { name: 'capability response fetched', ok: false, detail: 'the capability request to https://api.sandbox.0bit.test/v1/capabilities answered HTTP 401' },
    ]);
  });

  it('records a literal and who confirmed it', async ({ task }) => {
    expect({ response: liveAssetDisabled, source: { confirmedBy: '0Bit support, case 88412', confirmedAt: '2026-02-20' } }).not.toEnable({ asset: 'USDC' });
    await flushEvidence();
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details.source).toEqual({ kind: 'literal', confirmedBy: '0Bit support, case 88412', confirmedAt: '2026-02-20' });
    expect(evidence?.summary).toContain('(given as a literal, confirmed by 0Bit support, case 88412)');
  });

  it('records a bare literal as confirmed by no one, and a declared fetch as not observed', async ({ task }) => {
    expect(sandbox.capabilities()).toEnable({ asset: 'USDC' });
    expect({ response: sandbox.capabilities(), source: { url: 'https://api.sandbox.0bit.test/v1/capabilities', fetchedAt: '2026-03-01T09:00:00Z' } }).toEnable({
      asset: 'USDC',
    });
    await flushEvidence();
    const [literal, declared] = recordedEvidence(task);
    expect(literal?.details.source).toEqual({ kind: 'literal', confirmedBy: null, confirmedAt: null });
    expect(literal?.summary).toContain('no one named as confirming it');
    expect(declared?.details.source).toEqual({
      kind: 'fetched',
      observed: false,
      url: 'https://api.sandbox.0bit.test/v1/capabilities',
      status: null,
      fetchedAt: '2026-03-01T09:00:00Z',
      timeFrom: 'declared',
      confirmedBy: null,
    });
  });

  it('keeps the source when the response is for another environment', async ({ task }) => {
    await using live = createSandbox({ environment: 'live', baseUrl: 'https://api.live-sim.0bit.test' });
    await live.start();
    const res = await fetch(`${live.baseUrl}/v1/capabilities`, { headers: { authorization: `Bearer ${live.credentials.secretKey}` } });
    const message = await failureOf(Promise.resolve(expect(res).toEnable({ environment: 'sandbox', asset: 'USDC' })));
    expect(message).toContain('the capability response is for live, not sandbox');
    expect(recordedEvidence(task)[0]?.details).toMatchObject({
      environment: 'live',
      checkedFor: 'sandbox',
      source: { url: 'https://api.live-sim.0bit.test/v1/capabilities' },
    });
  });

  it('never records a secret that rode along in a declared URL', async ({ task }) => {
    const key = sandbox.credentials.secretKey;
    expect({ response: sandbox.capabilities(), source: { url: `https://api.sandbox.0bit.test/v1/capabilities?key=${key}` } }).toEnable({ asset: 'USDC' });
    await flushEvidence();
    expect(JSON.stringify(recordedEvidence(task))).not.toContain(key);
  });

  it('refuses a used Response body and a source that names nothing', async () => {
    const used = await fetchCapabilities();
    await used.json();
    expect(await codeOf(() => expect(used).toEnable({ asset: 'USDC' }))).toBe('MATCHER_MISUSE');
    expect(await codeOf(() => expect({ response: sandbox.capabilities(), source: {} }).toEnable({ asset: 'USDC' }))).toBe('MATCHER_MISUSE');
    expect(await codeOf(() => expect({ response: sandbox.capabilities(), source: { url: 'ftp://x' } }).toEnable({ asset: 'USDC' }))).toBe('MATCHER_MISUSE');
    expect(
      await codeOf(() => expect({ response: sandbox.capabilities(), source: { confirmedBy: 'x', confirmedAt: 'yesterday' } }).toEnable({ asset: 'USDC' })),
    ).toBe('MATCHER_MISUSE');
  });
});
