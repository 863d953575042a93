import { describe, expect, it } from 'vitest';
import { clientDir, envFiles } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { LIVE_CANARY, SANDBOX_CANARY, referenceApp, staticSite } from '../fixtures/client/reference.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/client';

describe('toBeServerSideOnly', { tags: ['launch:credentials'] }, () => {
  it('passes on the reference merchant: bundle, source maps, served pages and env files hold no secret', async ({ task }) => {
    await using ref = await referenceApp();
    const key = ref.sandbox.credentials.secretKey;
    await expect(key).toBeServerSideOnly({ clientDir, pages: [endpoint(ref.merchant.app, '/')], envFiles });
    const [evidence] = recordedEvidence(task);
    expect(evidence).toMatchObject({ matcher: 'toBeServerSideOnly', area: 'credentials', pass: true, findings: [] });
    expect(evidence!.details.files).toEqual(
      expect.arrayContaining([
        'examples/merchant/client/index.html',
        'examples/merchant/client/assets/app.js.map',
        '/',
        '/assets/app.js',
        '/assets/app.js.map',
      ]),
    );
    expect(evidence!.details.envFiles).toEqual(['examples/merchant/.env.example', 'examples/merchant/.env.production']);
    expect(JSON.stringify(evidence)).not.toContain(key);
  });

  it('fails when the key is only in a source map’s sourcesContent, pointing at the original source', async ({ task }) => {
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/sourcemap-secret` }));
    expect(message).toContain('1 in source map sourcesContent');
    expect(message).toContain(
      'test/fixtures/client/sourcemap-secret/assets/app.js.map ▸ ../../src/config.ts:3:27  secret key sk_live_…9f2c — the key under test',
    );
    expect(message).not.toContain(LIVE_CANARY);
    const [evidence] = recordedEvidence(task);
    expect(evidence?.findings).toEqual([
      expect.objectContaining({
        kind: 'secret_key',
        masked: 'sk_live_…9f2c',
        line: 3,
        column: 27,
        note: 'in sourcesContent of ../../src/config.ts; the key under test',
      }),
    ]);
    expect(evidence?.checks).toContainEqual({ name: 'absent from source map sourcesContent', ok: false });
    expect(JSON.stringify(task.artifacts)).not.toContain(LIVE_CANARY);
  });

  it('fails when the key is base64-encoded in a JS chunk', async () => {
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/base64-chunk` }));
    expect(message).toMatch(/assets\/chunk-3f9a1c\.js:1:\d+ {2}secret key sk_live_…9f2c \(base64-encoded\)/);
    expect(message).not.toContain(LIVE_CANARY);
    expect(message).not.toContain(Buffer.from(LIVE_CANARY).toString('base64').slice(0, 20));
  });

  it('finds a base64-encoded secret-shaped key even when the key under test is another one', async () => {
    const message = await failure(expect('sk_live_SomeOtherKey000000000000').toBeServerSideOnly({ clientDir: `${fixtures}/base64-chunk` }));
    expect(message).toMatch(/chunk-3f9a1c\.js:1:\d+ {2}secret key sk_live_…9f2c \(base64-encoded\)/);
  });

  it('fails when a bundler left the key split across a string concatenation', async () => {
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/concatenated` }));
    expect(message).toContain('secret key sk_live_…9f2c (split across a string concatenation)');
  });

  it('fails when a .env file gives the key a browser-public prefix, and not for server-only variables', async ({ task }) => {
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ envFiles: [`${fixtures}/vite-env/.env`, `${fixtures}/vite-env/.env.server`] }));
    expect(message).toContain(
      'test/fixtures/client/vite-env/.env:3:22  VITE_0BIT_SECRET_KEY ships to the browser (VITE_ prefix): it holds secret key sk_live_…9f2c',
    );
    expect(message).toContain('1 public env variable(s)');
    expect(message).not.toContain('.env.server:');
    expect(message).not.toContain(LIVE_CANARY);
    expect(JSON.stringify(task.artifacts)).not.toContain(LIVE_CANARY);
  });

  it('fails on any secret-shaped credential in the HTML, whichever key is under test', async () => {
    const message = await failure(expect('sk_sandbox_AnUnrelatedKey0000000000').toBeServerSideOnly({ clientDir: `${fixtures}/secret-in-html` }));
    expect(message).toContain('test/fixtures/client/secret-in-html/index.html:7:105  secret key sk_sandbox_…7a1b');
    expect(message).not.toContain(SANDBOX_CANARY);
  });

  it('scans served pages and the scripts they load', async () => {
    const site = staticSite(`${fixtures}/secret-in-html`);
    const message = await failure(expect(SANDBOX_CANARY).toBeServerSideOnly({ pages: [endpoint(site, '/')] }));
    expect(message).toContain('/:7:105  secret key sk_sandbox_…7a1b — the key under test');
    const clean = staticSite(`${fixtures}/clean`);
    await expect(SANDBOX_CANARY).toBeServerSideOnly({ pages: [endpoint(clean, '/')] });
  });

  it('passes on a clean build (its logo read byte for byte) and fails under .not', async ({ task }) => {
    await expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/clean` });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details).toMatchObject({ filesScanned: 4, unscanned: [], skipped: [] });
    expect(evidence?.details.files).toContain('test/fixtures/client/clean/assets/logo.png');
    expect(evidence?.checks).toContainEqual({ name: 'every file of the client surface scanned', ok: true, detail: '4 scanned, 0 not' });
    const message = await failure(expect(LIVE_CANARY).not.toBeServerSideOnly({ clientDir: `${fixtures}/clean` }));
    expect(message).toContain('sk_live_…9f2c and every secret-shaped credential are absent from 4 client artefact(s)');
  });

  it('fails when an env file it was given cannot be read, and refuses misuse', async () => {
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ envFiles: ['does/not/exist/.env'] }));
    expect(message).toContain('the scan is incomplete: 1 file(s) of the client surface could not be scanned');
    expect(message).toContain('not scanned: does/not/exist/.env (unreadable: ENOENT)');
    for (const bad of [
      () => expect(LIVE_CANARY).toBeServerSideOnly({}),
      () => expect(42).toBeServerSideOnly({ clientDir: 'x' }),
      () => expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: 'does/not/exist' }),
      () => expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/clean`, exclude: [''] }),
    ]) {
      const error = await bad().catch((e: unknown) => e);
      expect(isLaunchError(error, 'MATCHER_MISUSE')).toBe(true);
    }
    // A clientDir the scanner refuses is a scan error, not misuse: it names the scanner's reason.
    await expect(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: '/proc/self' })).rejects.toMatchObject({ code: 'SCAN_ROOT_INVALID' });
  });
});
