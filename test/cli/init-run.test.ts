import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { AREA_IDS } from '../../src/areas.js';
import { REPO, typecheckDir } from '../docs/typecheck.js';
import { shopEnv, wireShop } from './fixtures/shop/wire.js';

/**
 * Fresh projects inside the repo's .tmp/, so `vitest` and `0bit-launch` resolve from the
 * repo's node_modules (0bit-launch is linked to the repo: its built dist/, as users get it).
 */
const BASE = join(REPO, '.tmp');
/** One launch run is nine spec files in a child Vitest: tens of seconds on a busy 2-core machine. */
const RUN_TIMEOUT = 180_000;
mkdirSync(BASE, { recursive: true });
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function freshProject(pkg: object, files: Record<string, string>) {
  const dir = mkdtempSync(join(BASE, 'init-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const code = await main(['init', '--surface', '0gate'], { cwd: dir, out: () => {}, err: () => {} });
  expect(code).toBe(0);
  return dir;
}

/** `npm run launch` without npm: the script's vitest command, with no launch variables set. */
async function runLaunchScript(dir: string, extraEnv: Record<string, string> = {}) {
  const script: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.launch;
  const args = script.split(' ').slice(1);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ZEROBIT_|LAUNCH_|VITEST|FIXTURE_)/.test(k) && k !== 'NODE_ENV'));
  try {
    await promisify(execFile)(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), ...args], {
      cwd: dir,
      env: { ...env, ...extraEnv, CI: 'true' },
    });
    return { code: 0 };
  } catch (error) {
    return { code: (error as { code: number }).code, output: String((error as { stdout?: string }).stdout) };
  }
}

/** What init's generated config requires on top of the minimum profiles. */
const REQUIRED = { availability: ['toAvoidHardcodedClaims', 'toHandleVerificationOutcomes'], webhooks: ['toHonourWebhookContract'] };
type AreaRow = { id: string; profile: Array<{ item: string; status: string; source: string }> };

function predicateIn(dir: string) {
  const record = JSON.parse(readFileSync(join(dir, 'launch-evidence/launch-record.json'), 'utf8'));
  return JSON.parse(Buffer.from(record.payload, 'base64').toString('utf8')).predicate;
}

const VARIANTS = [
  ['ESM, no Vitest config', { type: 'module' }, {}],
  [
    'ESM, with a vitest.config.ts',
    { type: 'module' },
    { 'vitest.config.ts': "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n" },
  ],
  ['CommonJS, no Vitest config', {}, {}],
  ['CommonJS, with a vitest.config.js', {}, { 'vitest.config.js': "module.exports = { test: { include: ['test/**/*.test.js'] } };\n" }],
] as const;

describe.each(VARIANTS)('a fresh project (%s) after init', (_name, pkgExtra, files) => {
  it(
    'runs the launch script, and every area but the configured surface fails saying what to configure',
    async () => {
      const dir = await freshProject({ name: 'shop', version: '1.0.0', ...pkgExtra }, files);
      const run = await runLaunchScript(dir);
      expect(run.code).toBe(1);
      const predicate = predicateIn(dir);
      expect(predicate.ready).toBe(false);
      expect(predicate.run.suiteErrors).toEqual([]);
      // The launch confirmations the starter specs check are required on top of the minimum profiles.
      expect(predicate.run.require).toEqual(REQUIRED);
      // The product area judges the surface init wrote into the config: a fact of configuration, not of the app.
      expect(predicate.areas.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual(
        AREA_IDS.map((id) => [id, id === 'product' ? 'passed' : 'failed']),
      );
      for (const test of predicate.tests.filter((t: { area: string }) => t.area !== 'product')) {
        expect(test.state).toBe('failed');
        expect(test.failure).toMatch(/is not (configured: set [A-Z_]+, or|wired up:) return it from specs\/launch\/integration\.ts/);
      }
      expect(existsSync(join(dir, 'launch-evidence/launch-report.html'))).toBe(true);
    },
    RUN_TIMEOUT,
  );
});

/** A fresh Express project after init, with integration.ts wired to a shop fixture the way a user wires theirs. */
async function wiredProject(appFile: string): Promise<string> {
  const dir = await freshProject({ name: 'shop', type: 'module', dependencies: { express: '^5' } }, {});
  // What a user does: import the app and its shop, wire every entry, and set the values' environment variables.
  const shop = relative(join(dir, 'specs/launch'), join(REPO, 'test/cli/fixtures/shop', appFile));
  const file = join(dir, 'specs/launch/integration.ts');
  const wired = wireShop(
    readFileSync(file, 'utf8')
      .replace("import { sandbox } from './sandbox.js';\n", `import { sandbox } from './sandbox.js';\nimport { app, shop } from '${shop}';\n`)
      .replaceAll("required('LAUNCH_APP_URL', 'the app under test')", 'app'),
  );
  writeFileSync(file, wired);
  for (const folder of ['client', 'ops']) cpSync(join(REPO, 'test/compat/project', folder), join(dir, folder), { recursive: true });
  cpSync(join(REPO, 'test/cli/fixtures/shop/copy'), join(dir, 'copy'), { recursive: true });
  // The shop's copy of the webhook reference: here the simulated sandbox's own document.
  cpSync(join(REPO, 'src/sandbox/openapi.json'), join(dir, 'reference/0bit-openapi.json'));
  return dir;
}

const SHOP_ENV = shopEnv('0bit-launch init-run fixture secret');

describe('the starter specs', () => {
  it(
    'pass once integration.ts points at a correct app',
    async () => {
      const dir = await wiredProject('express-app.js');
      const run = await runLaunchScript(dir, SHOP_ENV);
      const p = predicateIn(dir);
      const failures = p.tests
        .filter((t: { state: string }) => t.state !== 'passed')
        .map((t: { fullName: string; failure?: string }) => `${t.fullName}: ${t.failure}`);
      expect(failures).toEqual([]);
      expect(Object.fromEntries(p.areas.map((a: { id: string; status: string }) => [a.id, a.status]))).toEqual(
        Object.fromEntries(AREA_IDS.map((id) => [id, 'passed'])),
      );
      expect(p.ready).toBe(true);
      expect(p.run.signer.kind).toBe('configured');
      // The required launch confirmations are supported by their own evidence, and the capability response says where it came from.
      const items = p.areas.flatMap((a: AreaRow) => a.profile.filter((i) => i.source === 'required').map((i) => `${a.id} ${i.item} ${i.status}`));
      expect(items).toEqual([
        'webhooks toHonourWebhookContract supported',
        'availability toAvoidHardcodedClaims supported',
        'availability toHandleVerificationOutcomes supported',
      ]);
      const enable = p.tests
        .flatMap((t: { evidence: Array<{ matcher: string; details: { source?: unknown } }> }) => t.evidence)
        .find((e: { matcher: string }) => e.matcher === 'toEnable');
      expect(enable.details.source).toMatchObject({ kind: 'fetched', observed: true, status: 200 });
      expect(run.code).toBe(0);
      // init's own verify step accepts it.
      const out: string[] = [];
      expect(
        await main(['verify', 'launch-evidence/launch-record.json', '--key', 'launch.pub.pem', '--require-ready'], {
          cwd: dir,
          out: (l) => out.push(l),
          err: (l) => out.push(l),
        }),
      ).toBe(0);
      expect(out.join('\n')).toMatch(/\(configured key\)[\s\S]*^ready: sandbox, 0gate$/m);
    },
    RUN_TIMEOUT,
  );

  it(
    'fail, naming the problem, on a shop that does what the launch confirmations say to avoid',
    async () => {
      const dir = await wiredProject('careless-shop.js');
      const run = await runLaunchScript(dir, SHOP_ENV);
      expect(run.code).toBe(1);
      const p = predicateIn(dir);
      const failed = Object.fromEntries(
        p.tests.filter((t: { state: string }) => t.state !== 'passed').map((t: { fullName: string; failure?: string }) => [t.fullName, t.failure]),
      );
      expect(failed).toEqual({
        'Webhooks > acts only on the event types and payload fields the 0Bit reference documents': expect.stringMatching(
          /answered the unknown event type session\.updated with HTTP 500/,
        ),
        'Availability > claims no permanent region availability and promises no verification outcome to customers': expect.stringMatching(
          /permanent region claim “now available in all EU countries”/,
        ),
        'Availability > records every KYC/KYB outcome and lets only verified customers through': expect.stringMatching(
          /the integration treats needs_review as verified/,
        ),
      });
      expect(
        Object.fromEntries(p.areas.filter((a: { status: string }) => a.status !== 'passed').map((a: { id: string; status: string }) => [a.id, a.status])),
      ).toEqual({ webhooks: 'failed', availability: 'failed' });
      expect(p.ready).toBe(false);
    },
    RUN_TIMEOUT,
  );

  it('type-check against the package API (matchers, options, endpoint)', async () => {
    const dir = await freshProject({ name: 'shop', type: 'module' }, {});
    rmSync(join(dir, 'vitest.config.ts'));
    const diagnostics = await typecheckDir(dir);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([]);
  });
});
