import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientBuildOptions } from '../../examples/merchant/build-client.js';
import { clientDir, copyDir, createMerchant } from '../../examples/merchant/app.js';
import { isLaunchError } from '../../src/errors.js';
import { endpoint } from '../../src/http/target.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf } from '../support/failure.js';

const FIXTURES = 'test/fixtures/availability';
let allowlistBuild: string;

beforeAll(async () => {
  // The one-bug client is built the way the merchant's is, so the scan sees real minified output.
  allowlistBuild = mkdtempSync(join(tmpdir(), 'claims-allowlist-'));
  await build({ ...clientBuildOptions, entryPoints: [`${FIXTURES}/country-allowlist/checkout.ts`], outfile: join(allowlistBuild, 'assets/app.js') });
});
afterAll(() => rmSync(allowlistBuild, { recursive: true, force: true }));

const codeOf = async (assertion: Promise<unknown>) => {
  try {
    await assertion;
  } catch (error) {
    return isLaunchError(error) ? error.code : 'assertion';
  }
  return 'passed';
};

describe('toAvoidHardcodedClaims', () => {
  it('passes on the reference merchant: its catalogues, emails, bundle and served page', async ({ task }) => {
    const sandbox = createSandbox();
    const merchant = createMerchant({
      zerobit: {
        apiBase: sandbox.baseUrl,
        secretKey: sandbox.credentials.secretKey,
        publishableKey: sandbox.credentials.publishableKey,
        webhookSecrets: [sandbox.credentials.webhookSecret],
      },
      allowedOrigins: ['https://shop.example'],
      returnUrls: ['https://shop.example/checkout/return'],
    });
    try {
      await expect({ copyDir: [copyDir, clientDir], pages: [endpoint(merchant.app, '/')] }).toAvoidHardcodedClaims();
    } finally {
      merchant.close();
    }
    const [evidence] = recordedEvidence(task);
    expect(evidence?.pass).toBe(true);
    expect(evidence?.checks.map((c) => [c.name, c.ok])).toEqual([
      ['detector sees planted claims', true],
      ['customer-facing copy was read', true],
      ['no permanent region availability claims', true],
      ['no exact verification-outcome promises', true],
      ['no hardcoded country allowlist deciding the flow', true],
    ]);
    expect(evidence?.details).toMatchObject({ languages: ['en', 'de'], notCopy: { '.map': 1 } });
    expect(evidence?.details.files).toEqual(
      expect.arrayContaining(['examples/merchant/copy/locales/de.json', 'examples/merchant/client/assets/app.js', '/', '/assets/app.js']),
    );
  });

  it('fails on a catalogue with a permanent region claim, naming file:line, the phrase and what to write instead', async ({ task }) => {
    const message = await failureOf(expect({ copyDir: `${FIXTURES}/claims/region-claim` }).toAvoidHardcodedClaims());
    expect(message).toContain('1 hardcoded claim(s) in customer-facing copy: 1 permanent region claim');
    expect(message).toContain(
      'test/fixtures/availability/claims/region-claim/locales/en.json:11:38 permanent region claim “now available in all EU countries” — write instead:',
    );
    expect(message).toContain('Payment options depend on your country');
    const [evidence] = recordedEvidence(task);
    expect(evidence?.findings).toEqual([
      expect.objectContaining({
        kind: 'region_claim',
        masked: 'now available in all EU countries',
        file: 'test/fixtures/availability/claims/region-claim/locales/en.json',
        line: 11,
      }),
    ]);
    expect(evidence?.checks.find((c) => !c.ok)).toEqual({ name: 'no permanent region availability claims', ok: false, detail: '1 found' });
  });

  it('fails on an email promising a verification outcome, in German', async () => {
    const message = await failureOf(expect({ copyDir: `${FIXTURES}/claims/verification-promise` }).toAvoidHardcodedClaims());
    expect(message).toContain('verification-received.de.txt:7:');
    expect(message).toContain('verification-outcome promise “Freigabe erfolgt garantiert in 2 Minuten” — write instead: den Ablauf beschreiben');
  });

  it('fails on a bundle that shows the checkout from a hardcoded country list, pointing at the original source line', async () => {
    const message = await failureOf(expect({ copyDir: allowlistBuild }).toAvoidHardcodedClaims());
    expect(message).toContain('1 hardcoded claim(s) in customer-facing copy: 1 hardcoded country allowlist');
    expect(message).toMatch(
      /assets\/app\.js:1:\d+ \(test\/fixtures\/availability\/country-allowlist\/checkout\.ts:21\) hardcoded country allowlist “\["DE","FR","ES","IT","NL"\]” — write instead: decide whether to show the checkout from the capability response/,
    );
  });

  it('fails when a piece of copy could not be read, since it may hold the claim', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-unread-'));
    writeFileSync(join(dir, 'checkout.html'), '<p>Pay securely with your card.</p>');
    writeFileSync(join(dir, 'terms.html'), `<p>${'Our terms. '.repeat(200)}</p>`);
    const message = await failureOf(expect({ copyDir: dir }).toAvoidHardcodedClaims({ maxFileBytes: 1_000 }));
    expect(message).toMatch(/1 piece\(s\) of customer-facing copy could not be read, so they may hold a claim: .*terms\.html \(too-large/);
    await expect({ copyDir: dir }).toAvoidHardcodedClaims();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds claims in a served page and the same-origin scripts it loads', async () => {
    const site = new Hono();
    site.get('/', (c) =>
      c.html(
        '<html><body><h1>Checkout</h1><p>Pay with crypto — <em>supported worldwide</em>.</p><script src="/app.js"></script><script src="https://cdn.example/x.js"></script></body></html>',
      ),
    );
    site.get('/app.js', (c) => c.body('document.title="Sofortige Freigabe für Geschäftskunden";', 200, { 'content-type': 'text/javascript' }));
    const message = await failureOf(expect({ pages: [endpoint(site, '/')] }).toAvoidHardcodedClaims());
    expect(message).toContain('/:1:');
    expect(message).toContain('permanent region claim “supported worldwide”');
    expect(message).toContain('/app.js:1:17 verification-outcome promise “Sofortige Freigabe”');
    expect(message).toContain('not copy, not read: cross-origin 1');
  });

  it('lets reviewed phrases through, records who reviewed them, and lists allow entries that matched nothing', async ({ task }) => {
    await expect({ copyDir: `${FIXTURES}/claims/region-claim` }).toAvoidHardcodedClaims({
      allow: [{ phrase: 'available in all EU countries', reviewedBy: 'legal, ticket 4711' }, /supported worldwide/i],
    });
    const [evidence] = recordedEvidence(task);
    expect(evidence?.details.allowed).toEqual([
      {
        at: 'test/fixtures/availability/claims/region-claim/locales/en.json:11:38',
        phrase: 'now available in all EU countries',
        allowedBy: '"available in all EU countries" (reviewed by legal, ticket 4711)',
      },
    ]);
    expect(evidence?.details.unusedAllow).toEqual(['/supported worldwide/i']);
    expect(evidence?.findings[0]?.note).toBe('allowed: reviewed phrase "available in all EU countries" (reviewed by legal, ticket 4711)');
  });

  it('reads only the languages asked for', async () => {
    await expect({ copyDir: `${FIXTURES}/claims/verification-promise` }).toAvoidHardcodedClaims({ languages: ['en'] });
  });

  it('passes under .not when a claim is found', async () => {
    await expect({ copyDir: `${FIXTURES}/claims/region-claim` }).not.toAvoidHardcodedClaims();
  });

  it('fails when no copy was read at all', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'claims-empty-'));
    try {
      mkdirSync(join(empty, 'img'));
      writeFileSync(join(empty, 'img/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]));
      const message = await failureOf(expect({ copyDir: empty }).toAvoidHardcodedClaims());
      expect(message).toContain('no customer-facing copy was read');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a received value or options it cannot use', async () => {
    expect(await codeOf(expect({}).toAvoidHardcodedClaims())).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect('copy').toAvoidHardcodedClaims())).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect({ copyDir: 'does/not/exist' }).toAvoidHardcodedClaims())).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect({ copyDir }).toAvoidHardcodedClaims({ languages: ['fr'] } as never))).toBe('MATCHER_MISUSE');
    expect(await codeOf(expect({ copyDir }).toAvoidHardcodedClaims({ allow: [''] }))).toBe('MATCHER_MISUSE');
  });
});
