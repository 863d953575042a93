import { describe, expect, it } from 'vitest';
import { isLaunchError } from '../../src/errors.js';
import { flushEvidence } from '../../src/matchers/util.js';
import { referenceApp } from '../fixtures/client/reference.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOfSync as failure } from '../support/failure.js';

const LIVE = 'sk_live_CanaryKeyLeak0000Fixture9f2c';
const SANDBOX = 'sk_sandbox_CanaryKeyLeak1111Fixture7a1b';

describe('toBeKeyForEnvironment', { tags: ['launch:credentials'] }, () => {
  it('passes for the reference sandbox’s keys in sandbox, and records them masked', async ({ task }) => {
    await using ref = await referenceApp();
    expect(ref.sandbox.credentials.secretKey).toBeKeyForEnvironment('sandbox');
    expect({ secretKey: ref.sandbox.credentials.secretKey, publishableKey: ref.sandbox.credentials.publishableKey }).toBeKeyForEnvironment('sandbox');
    await flushEvidence();
    const [first, second] = recordedEvidence(task);
    expect(first).toMatchObject({ pass: true, details: { environment: 'sandbox', credentials: 1 } });
    expect(second?.findings.map((f) => f.file)).toEqual(['secretKey', 'publishableKey']);
    expect(JSON.stringify(task.artifacts)).not.toContain(ref.sandbox.credentials.secretKey);
  });

  it('fails for a live key in sandbox config and a sandbox key in live config', async ({ task }) => {
    const live = failure(() => expect(LIVE).toBeKeyForEnvironment('sandbox'));
    expect(live).toContain('secret key sk_live_…9f2c is a live credential');
    expect(live).not.toContain(LIVE);
    const config = failure(() =>
      expect({ zerobit: { secretKey: LIVE, publishableKey: 'pk_sandbox_FixturePublishable0000Key1' } }).toBeKeyForEnvironment('live'),
    );
    expect(config).toContain('1 of 2 credential(s) are not made for live');
    expect(config).toContain('zerobit.publishableKey: publishable key pk_sandbox_…Key1 is a sandbox credential');
    expect(failure(() => expect(SANDBOX).toBeKeyForEnvironment('live'))).toContain('is a sandbox credential');
    await flushEvidence();
    expect(JSON.stringify(task.artifacts)).not.toContain(LIVE);
  });

  it('fails for a value that is no documented key, and passes .not for the other environment', () => {
    expect(failure(() => expect('not-a-key-at-all').toBeKeyForEnvironment('live'))).toContain('no live credential of a documented shape found');
    expect(failure(() => expect({ url: 'https://shop.example' }).toBeKeyForEnvironment('sandbox'))).toContain('no sandbox credential');
    expect(LIVE).not.toBeKeyForEnvironment('sandbox');
  });

  it('refuses an unknown environment or a non-key received value', () => {
    for (const bad of [() => expect(LIVE).toBeKeyForEnvironment('test' as 'live'), () => expect(42).toBeKeyForEnvironment('live')]) {
      expect(
        isLaunchError(
          (() => {
            try {
              bad();
            } catch (e) {
              return e;
            }
          })(),
          'MATCHER_MISUSE',
        ),
      ).toBe(true);
    }
  });
});
