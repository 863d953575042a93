import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { recordedEvidence } from '../support/evidence.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { failureOfSync as failure } from '../support/failure.js';

/** What the reference checkout flow shows the payer. */
const FLOW = { product: '0gate', region: 'EU', asset: 'USDC', method: 'card', verification: ['kyc', 'kyb'] as Array<'kyc' | 'kyb'> };
const liveAssetDisabled = JSON.parse(readFileSync('test/fixtures/availability/live-asset-disabled.json', 'utf8'));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.start();
});
afterAll(() => sandbox.stop());

/** The capability response as the environment under test serves it over HTTP. */
async function served(): Promise<unknown> {
  const res = await fetch(`${sandbox.baseUrl}/v1/capabilities`, { headers: { authorization: `Bearer ${sandbox.credentials.secretKey}` } });
  return res.json();
}

describe('toEnable', () => {
  it('passes on the sandbox’s served capability response for what the reference flow shows', async () => {
    expect(await served()).toEnable({ environment: 'sandbox', ...FLOW });
    expect(sandbox.capabilities()).toEnable({ environment: 'sandbox', ...FLOW });
  });

  it('fails on the one-bug fixture: the asset is disabled in live, with the response’s reason', async ({ task }) => {
    const message = failure(() => expect(liveAssetDisabled).toEnable({ environment: 'live', ...FLOW }));
    await flushEvidence();
    expect(recordedEvidence(task)[0]?.checks.filter((c) => !c.ok)).toEqual([
      { name: 'asset USDC', ok: false, detail: 'asset USDC is disabled: USDC settlement is not yet enabled for live on this account' },
    ]);
    expect(message).toContain('the live capability response does not enable asset USDC');
    expect(message).toContain('asset USDC is disabled: USDC settlement is not yet enabled for live on this account');
    expect(message).not.toMatch(/region|product|method|kyc/);
  });

  it('says when a dimension is unknown to the response (no built-in region list)', async () => {
    const caps = await served();
    const message = failure(() => expect(caps).toEnable({ region: ['EU', 'Atlantis'] }));
    expect(message).toContain('region Atlantis is unknown to the capability response (it lists: EU, UK, US, JP)');
    expect(() => expect(caps).toEnable({ region: 'JP' })).toThrow(/region JP is disabled: not available for this account/);
  });

  it('fails when the response is for another environment', async () => {
    const caps = await served();
    expect(() => expect(caps).toEnable({ environment: 'live' })).toThrow(/the capability response is for sandbox, not live/);
  });

  it('follows a changed capability response: a KYB switch-off fails verification', async () => {
    sandbox.setCapabilities({ verification: { kyb: { enabled: false, reason: 'KYB review pending' } } });
    try {
      const caps = await served();
      expect(() => expect(caps).toEnable({ verification: ['kyb'] })).toThrow(/verification kyb is disabled: KYB review pending/);
    } finally {
      sandbox.setCapabilities({ verification: { kyb: { enabled: true } } });
    }
  });

  it('accepts another response shape through a custom parser', async () => {
    const custom = { env: 'sandbox', caps: sandbox.capabilities() };
    expect(custom).toEnable({ asset: 'USDC', parse: (raw) => (raw as typeof custom).caps });
  });

  it('passes under .not when something is disabled', async () => {
    expect(liveAssetDisabled).not.toEnable({ asset: 'USDC' });
  });

  it('refuses a value that is not a capability response, and options that name nothing', async () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isLaunchError(error) ? error.code : 'other';
      }
      return 'passed';
    };
    expect(code(() => expect({ regions: {} }).toEnable({ region: 'EU' }))).toBe('MATCHER_MISUSE');
    expect(code(() => expect(liveAssetDisabled).toEnable({}))).toBe('MATCHER_MISUSE');
    expect(code(() => expect(liveAssetDisabled).toEnable({ asset: '' }))).toBe('MATCHER_MISUSE');
  });
});
