import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREA_IDS } from '../../src/areas.js';
import { REPO } from '../docs/typecheck.js';
import { shopEnv, wireShop } from './fixtures/shop/wire.js';

/**
 * The packed package as a team adopts it: `npm pack` of the built dist/ (CI's `npm ci`
 * builds it), installed with Vitest and the web frameworks into a scratch folder outside the
 * repo. Each fresh project below links that node_modules, so every import resolves to the
 * installed tarball, never to src/.
 */
const exec = promisify(execFile);
const WORK = mkdtempSync(join(tmpdir(), '0bit-launch-packed-'));
const DEPS = join(WORK, 'deps');
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const repoPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const vitestVersion: string = JSON.parse(readFileSync(join(REPO, 'node_modules/vitest/package.json'), 'utf8')).version;
const FRAMEWORKS = ['express', 'fastify', 'hono'] as const;

beforeAll(async () => {
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', WORK], { cwd: REPO });
  const tarball = join(WORK, stdout.trim().split('\n').at(-1)!);
  mkdirSync(DEPS);
  writeFileSync(join(DEPS, 'package.json'), JSON.stringify({ name: 'deps', private: true, type: 'module' }));
  const frameworks = FRAMEWORKS.map((name) => `${name}@${repoPkg.devDependencies[name]}`);
  await exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      `vitest@${vitestVersion}`,
      `@types/node@${repoPkg.devDependencies['@types/node']}`,
      ...frameworks,
    ],
    {
      cwd: DEPS,
      maxBuffer: 16 << 20,
    },
  );
}, 300_000);

/** A fresh project that depends on `framework`, with its app in src/app.js. */
function freshProject(framework: (typeof FRAMEWORKS)[number]): string {
  const dir = join(WORK, framework);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `${framework}-shop`, private: true, type: 'module', dependencies: { [framework]: repoPkg.devDependencies[framework] } }, null, 2),
  );
  symlinkSync(join(DEPS, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cpSync(join(REPO, 'test/cli/fixtures/shop/shop.js'), join(dir, 'src/shop.js'));
  cpSync(join(REPO, `test/cli/fixtures/shop/${framework}-app.js`), join(dir, 'src/app.js'));
  // The shop's built client and its ops files (alert rules, runbook), its copy, and its copy of the webhook reference.
  for (const folder of ['client', 'ops']) cpSync(join(REPO, 'test/compat/project', folder), join(dir, folder), { recursive: true });
  cpSync(join(REPO, 'test/cli/fixtures/shop/copy'), join(dir, 'copy'), { recursive: true });
  cpSync(join(DEPS, 'node_modules/0bit-launch/dist/sandbox/openapi.json'), join(dir, 'reference/0bit-openapi.json'));
  return dir;
}

/** Runs a command of the installed package in `dir`, with none of this process's launch settings. */
async function run(dir: string, file: string, args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ZEROBIT_|LAUNCH_|VITEST|FIXTURE_)/.test(k) && k !== 'NODE_ENV'));
  try {
    const r = await exec(process.execPath, [file, ...args], { cwd: dir, env: { ...clean, ...env, CI: 'true', NO_COLOR: '1' }, maxBuffer: 32 << 20 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
const cli = (dir: string, ...args: string[]) => run(dir, 'node_modules/0bit-launch/dist/cli/bin.js', args);
/** `npm run launch`, as init wrote the script. */
function launch(dir: string, env?: Record<string, string>) {
  const script: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.launch;
  expect(script).toBe('vitest run --reporter=0bit-launch');
  return run(dir, 'node_modules/vitest/vitest.mjs', script.split(' ').slice(1), env);
}
const predicateIn = (dir: string) =>
  JSON.parse(Buffer.from(JSON.parse(readFileSync(join(dir, 'launch-evidence/launch-record.json'), 'utf8')).payload, 'base64').toString()).predicate;

const LAUNCH_ENV = shopEnv('packed project webhook secret 32');

/** What a user does to point the generated integration.ts at the app: import its shop, wire every entry. */
function wire(dir: string): void {
  const file = join(dir, 'specs/launch/integration.ts');
  const text = readFileSync(file, 'utf8')
    .replace("import { app } from '../../src/app.js';", "import { app, shop } from '../../src/app.js';")
    .replace("import app from '../../src/app.js';", "import app, { shop } from '../../src/app.js';");
  expect(text).toMatch(/^import app, \{ shop \}|^import \{ app, shop \}/m);
  writeFileSync(file, wireShop(text));
}

describe.each(FRAMEWORKS)('init in a fresh %s project (packed tarball)', (framework) => {
  it('detects the app, signs with the key it wrote, and reaches a ready record its own verify step accepts once wired', async () => {
    const dir = freshProject(framework);
    const init = await cli(dir, 'init', '--surface', '0gate');
    expect(init.code, init.out).toBe(0);
    expect(init.out).toMatch(
      new RegExp(`note: ${{ express: 'Express', fastify: 'Fastify', hono: 'Hono' }[framework]} detected; integration\\.ts imports the app from src/app\\.js`),
    );
    const verifyStep = /4\. Gate the deploy: npx 0bit-launch (verify .*)$/m.exec(init.out)![1]!.split(' ');
    expect(verifyStep).toEqual(['verify', 'launch-evidence/launch-record.json', '--key', 'launch.pub.pem', '--require-ready']);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['launch-evidence/', '.vitest-reports/', 'launch.key.pem']),
    );

    // Not yet pointed at the app's counters or values: not ready, yet signed with the configured key.
    const first = await launch(dir);
    expect(first.code, first.out).toBe(1);
    const unwired = predicateIn(dir);
    expect(unwired.ready).toBe(false);
    expect(unwired.readiness.productSurface).toBe('0gate');
    expect(unwired.run.signer.kind).toBe('configured');
    expect(unwired.areas.filter((a: { status: string }) => a.status === 'passed').map((a: { id: string }) => a.id)).toEqual(['product']);
    const verified = await cli(dir, ...verifyStep.slice(0, -1));
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/^verified: signed by [0-9a-f]{64} \(configured key\)/m);
    expect((await cli(dir, ...verifyStep)).code).toBe(2);

    wire(dir);
    const second = await launch(dir, LAUNCH_ENV);
    const p = predicateIn(dir);
    const notPassed = p.areas.filter((a: { status: string }) => a.status !== 'passed').map((a: { id: string }) => a.id);
    const failures = p.tests
      .filter((t: { state: string }) => t.state !== 'passed')
      .map((t: { fullName: string; failure?: string }) => `${t.fullName}: ${t.failure}`);
    expect({ notPassed, failures, suiteErrors: p.run.suiteErrors }).toEqual({ notPassed: [], failures: [], suiteErrors: [] });
    expect(second.code, second.out).toBe(0);
    expect(p.areas.map((a: { id: string }) => a.id)).toEqual(AREA_IDS);
    // The launch confirmations init's config requires, each supported by its own evidence.
    const required = p.areas.flatMap((a: { id: string; profile: Array<{ item: string; status: string; source: string }> }) =>
      a.profile.filter((i) => i.source === 'required').map((i) => `${a.id} ${i.item} ${i.status}`),
    );
    expect(required).toEqual([
      'webhooks toHonourWebhookContract supported',
      'availability toAvoidHardcodedClaims supported',
      'availability toHandleVerificationOutcomes supported',
    ]);
    const gate = await cli(dir, ...verifyStep);
    expect(gate.code, gate.out).toBe(0);
    expect(gate.out).toMatch(/^ready: sandbox, 0gate$/m);
    // The deploy step that binds the record to what it deploys.
    expect((await cli(dir, ...verifyStep, '--environment', 'sandbox', '--surface', '0gate', '--max-age', '1h')).code).toBe(0);
    expect((await cli(dir, ...verifyStep, '--environment', 'live')).code).toBe(1);
  }, 300_000);
});

describe('matcher types in a scratch project (packed tarball)', () => {
  it('type-checks every matcher in a file that imports only endpoint from 0bit-launch', async () => {
    const dir = join(WORK, 'types');
    mkdirSync(dir);
    symlinkSync(join(DEPS, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'types', private: true, type: 'module' }));
    // No "0bit-launch/matchers" in types: an import of the package (or of its plugin) alone must bring them.
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    };
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
    const check = async (...files: string[]) => {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
      return run(dir, tsc, ['-p', 'tsconfig.json']);
    };
    for (const file of ['all-matchers.ts', 'plugin-only.ts']) {
      cpSync(join(REPO, 'test/cli/fixtures/types', file), join(dir, file));
      // Each file on its own, so one cannot lend the other its types.
      expect(await check(file)).toEqual({ code: 0, out: '' });
    }
    // Positive control: the same check sees a matcher that does not exist, and a wrong argument.
    writeFileSync(
      join(dir, 'wrong.ts'),
      "import { endpoint } from '0bit-launch';\nimport { expect } from 'vitest';\nvoid endpoint;\nexpect('x').toBeRedactedd();\nexpect('x').toAllowOrigin(42);\n",
    );
    const bad = await check('wrong.ts');
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/wrong\.ts\(4,13\): error TS2551: Property 'toBeRedactedd' does not exist/);
    expect(bad.out).toMatch(/wrong\.ts\(5,27\): error TS2345/);
    expect(existsSync(join(dir, 'node_modules/0bit-launch/dist/index.d.ts'))).toBe(true);
  }, 120_000);
});
