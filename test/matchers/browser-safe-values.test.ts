import { describe, expect, it } from 'vitest';
import { CLIENT_PUBLISHABLE_KEY, clientDir } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { FIXTURE_PK_SANDBOX, SANDBOX_CANARY, referenceApp } from '../fixtures/client/reference.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/client';

describe('toExposeOnlyBrowserSafeValues', { tags: ['launch:browser'] }, () => {
  it('passes on the reference merchant: only its sandbox publishable key reaches the browser', async ({ task }) => {
    await using ref = await referenceApp();
    await expect({ clientDir, pages: [endpoint(ref.merchant.app, '/')] }).toExposeOnlyBrowserSafeValues({ publishableKey: CLIENT_PUBLISHABLE_KEY });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.pass).toBe(true);
    // The publishable key is counted, not listed: a dense build carries it on every line.
    expect(evidence?.findings).toEqual([]);
    expect((evidence!.details.allowed as Record<string, number>).publishable_key).toBeGreaterThan(0);
    expect(evidence?.details.unscanned).toEqual([]);
  });

  it('negates: .not passes on a build that leaks a secret, and fails on the reference build', async () => {
    await expect({ clientDir: `${fixtures}/secret-in-html` }).not.toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX });
    const message = await failure(expect({ clientDir }).not.toExposeOnlyBrowserSafeValues({ publishableKey: CLIENT_PUBLISHABLE_KEY }));
    expect(message).toContain('.not.toExposeOnlyBrowserSafeValues');
  });

  it('fails on a live publishable key in a sandbox build', async () => {
    const message = await failure(
      expect({ clientDir: `${fixtures}/live-pk-in-sandbox` }).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX }),
    );
    expect(message).toContain(
      'test/fixtures/client/live-pk-in-sandbox/assets/app.js:1:27  publishable key pk_live_…Key2 — a live publishable key in a sandbox build',
    );
  });

  it('fails on a sandbox secret key in the HTML, naming where, masked', async ({ task }) => {
    const message = await failure(expect({ clientDir: `${fixtures}/secret-in-html` }).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX }));
    expect(message).toContain('index.html:7:105  secret key sk_sandbox_…7a1b — not browser-safe');
    expect(message).not.toContain(SANDBOX_CANARY);
    expect(JSON.stringify(task.artifacts)).not.toContain(SANDBOX_CANARY);
  });

  it('accepts client secrets, refuses another publishable key of the same environment', async () => {
    await expect({ clientDir: `${fixtures}/clean` }).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX });
    const message = await failure(
      expect({ clientDir: `${fixtures}/clean` }).toExposeOnlyBrowserSafeValues({ publishableKey: 'pk_sandbox_SomeOtherKey000000000' }),
    );
    expect(message).toContain('a publishable key other than the configured one');
  });

  it('refuses misuse: a secret key as the publishable key, or nothing to scan', async () => {
    for (const bad of [
      expect({ clientDir: `${fixtures}/clean` }).toExposeOnlyBrowserSafeValues({ publishableKey: 'sk_sandbox_AnUnrelatedKey0000000000' }),
      expect({}).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX }),
    ]) {
      expect(isLaunchError(await bad.catch((e: unknown) => e), 'MATCHER_MISUSE')).toBe(true);
    }
  });
});
