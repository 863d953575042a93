import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREA_IDS } from '../../src/areas.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

function project(pkg: object, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'launch-init-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

async function init(cwd: string, args: string[] = ['--surface', '0gate'], ask?: CliIO['ask']) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { cwd, out: (l) => out.push(l), err: (l) => err.push(l), ask };
  const code = await main(['init', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const SPECS = AREA_IDS.map((a) => `specs/launch/${a}.spec.ts`);

describe('0bit-launch init', () => {
  it('adds config, one spec per area, waivers, the launch script and a key pair to an ESM project', async () => {
    const dir = project({ name: 'shop', type: 'module', scripts: { test: 'vitest run' } });
    const run = await init(dir);
    expect(run.code).toBe(0);
    for (const file of [
      'vitest.config.ts',
      'specs/launch/sandbox.ts',
      'specs/launch/integration.ts',
      ...SPECS,
      'launch-waivers.yaml',
      'launch.key.pem',
      'launch.pub.pem',
      '.gitignore',
    ]) {
      expect(run.out).toContain(`wrote ${file}`);
      expect(existsSync(join(dir, file))).toBe(true);
    }
    // The surface, and the key a local run signs with (PEM text in ZEROBIT_LAUNCH_SIGNING_KEY wins in CI).
    expect(read(dir, 'vitest.config.ts')).toMatch(/launchPlugin\(\{\s+productSurface: "0gate",[\s\S]*signingKey: "launch\.key\.pem",[\s\S]*\}\)/);
    // The launch confirmations the starter specs check are required, and the config says how to drop one.
    expect(read(dir, 'vitest.config.ts')).toMatch(
      /remove an entry together with its spec[^\n]*\n[^\n]*\n\s+require: \{\n\s+availability: \['toAvoidHardcodedClaims', 'toHandleVerificationOutcomes'\],\n\s+webhooks: \['toHonourWebhookContract'\],\n\s+\},/,
    );
    expect(JSON.parse(read(dir, 'package.json')).scripts).toEqual({ test: 'vitest run', launch: 'vitest run --reporter=0bit-launch' });
    expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['launch-evidence/', '.vitest-reports/', 'launch.key.pem']));
    expect(run.out).toContain('wrote .gitignore (ignores launch-evidence/, .vitest-reports/, launch.key.pem)');
    const pub = createPublicKey(createPrivateKey(read(dir, 'launch.key.pem')));
    expect(pub.export({ type: 'spki', format: 'pem' })).toBe(read(dir, 'launch.pub.pem'));
    expect(run.out).toMatch(/Next:[\s\S]*npm run launch[\s\S]*--require-ready/);
    expect(run.out).not.toContain('PRIVATE KEY');
  });

  it("tags each starter spec with its area and uses that area's matchers, with no TODOs", async () => {
    const dir = project({ name: 'shop' });
    await init(dir);
    const matchers: Record<string, RegExp> = {
      product: /toBeLaunchableSurface/,
      credentials: /toBeServerSideOnly[\s\S]*toBeKeyForEnvironment/,
      browser: /toExposeOnlyBrowserSafeValues/,
      origins: /toBeExplicitOriginAllowlist[\s\S]*toAllowOrigin[\s\S]*toAcceptReturnUrl/,
      webhooks: /toVerifyWebhookSignatures[\s\S]*toLogWebhookEvents[\s\S]*toHonourWebhookContract/,
      idempotency: /toBeIdempotent[\s\S]*toBeDuplicateSafe/,
      monitoring: /toCoverAlerts/,
      support: /toBeRedacted[\s\S]*toReferenceSupportPath/,
      availability: /toEnable[\s\S]*toAvoidHardcodedClaims[\s\S]*toHandleVerificationOutcomes/,
    };
    for (const area of AREA_IDS) {
      const spec = read(dir, `specs/launch/${area}.spec.ts`);
      expect(spec).toContain(`tags: ['launch:${area}']`);
      expect(spec).toMatch(matchers[area]!);
      expect(spec).not.toMatch(/TODO|FIXME|\.todo\(|\.skip/);
    }
    expect(readdirSync(join(dir, 'specs/launch')).sort()).toEqual(
      [...SPECS.map((s) => s.slice('specs/launch/'.length)), 'integration.ts', 'sandbox.ts'].sort(),
    );
    // Complete requests: checkout bodies, the browser's Origin; the matchers add a fresh Idempotency-Key per request.
    expect(read(dir, 'specs/launch/origins.spec.ts')).toMatch(
      /toAcceptReturnUrl\(integration\.returnUrl\(\), \{\s+path: integration\.checkoutPath,\s+body: integration\.checkoutBody,\s+headers: \{ origin: /,
    );
    expect(read(dir, 'specs/launch/idempotency.spec.ts')).toMatch(
      /body: \{ \.\.\.integration\.checkoutBody, returnUrl: integration\.returnUrl\(\) \},\s+headers: \{ origin: /,
    );
    // The specs run against the simulated sandbox, started before the app is imported.
    expect(read(dir, 'specs/launch/integration.ts')).toMatch(/^import \{ sandbox \} from '\.\/sandbox\.js';$/m);
    expect(read(dir, 'specs/launch/sandbox.ts')).toMatch(/await sandbox\.start\(\);\nafterAll\(\(\) => sandbox\.stop\(\)\);/);
    // The launch confirmations: KYC/KYB outcomes driven through the sandbox, whose webhooks reach the app; the
    // webhook contract from the user's copy of the reference; the capability response with where it came from.
    const availability = read(dir, 'specs/launch/availability.spec.ts');
    expect(availability).toMatch(
      /sandbox\.deliverTo\(endpoint\(integration\.webhookTarget\(\), integration\.webhookPath\)\);\n\s+await expect\(\{ sandbox, start: integration\.startVerification, state: integration\.verificationOf \}\)\.toHandleVerificationOutcomes/,
    );
    expect(availability).toContain('await expect({ copyDir: integration.copyDirs(), pages: integration.pages() }).toAvoidHardcodedClaims();');
    expect(read(dir, 'specs/launch/webhooks.spec.ts')).toMatch(
      /toHonourWebhookContract\(\{\s+sandbox,\s+secret: integration\.webhookSecret\(\),\s+contract: integration\.contract\(\),/,
    );
    const integration = read(dir, 'specs/launch/integration.ts');
    for (const entry of ['capabilities', 'copyDirs', 'pages', 'startVerification', 'verificationOf'])
      expect(integration).toMatch(new RegExp(`^  ${entry}: [^\\n]*=> notWired\\(`, 'm'));
    expect(integration).toContain("contract: () => required('LAUNCH_WEBHOOK_CONTRACT', 'your copy of the 0Bit webhook reference'),");
  });

  it('writes a separate vitest.launch.config.ts beside an existing config, and a CommonJS project keeps its type', async () => {
    const existing = "module.exports = { test: { include: ['test/**/*.test.js'] } };\n";
    const dir = project({ name: 'legacy', scripts: { test: 'vitest run' } }, { 'vitest.config.js': existing });
    const run = await init(dir);
    expect(run.code).toBe(0);
    expect(read(dir, 'vitest.config.js')).toBe(existing);
    expect(read(dir, 'vitest.launch.config.ts')).toMatch(/include: \['specs\/launch\/\*\*\/\*\.spec\.ts'\]/);
    expect(read(dir, 'vitest.launch.config.ts')).toContain('vitest.config.js');
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(pkg.scripts.launch).toBe('vitest run --config vitest.launch.config.ts --reporter=0bit-launch');
    expect(pkg.type).toBeUndefined();
  });

  it('treats a vite.config as an existing config', async () => {
    const dir = project({ name: 'spa', type: 'module' }, { 'vite.config.mts': 'export default {};\n' });
    await init(dir);
    expect(existsSync(join(dir, 'vitest.config.ts'))).toBe(false);
    expect(existsSync(join(dir, 'vitest.launch.config.ts'))).toBe(true);
  });

  it('never overwrites a file, and a second run writes nothing', async () => {
    const mine = '// my own webhook spec\n';
    const dir = project(
      { name: 'shop', type: 'module', scripts: { launch: 'vitest run --project launch --reporter=0bit-launch' } },
      { 'specs/launch/webhooks.spec.ts': mine, 'launch-waivers.yaml': 'waivers: []\n', '.gitignore': 'node_modules\n*.pem\n' },
    );
    const pkgBefore = read(dir, 'package.json');
    const first = await init(dir);
    expect(first.code).toBe(0);
    expect(read(dir, 'specs/launch/webhooks.spec.ts')).toBe(mine);
    expect(read(dir, 'launch-waivers.yaml')).toBe('waivers: []\n');
    // *.pem already ignores the key; the outputs are added below the user's lines.
    expect(read(dir, '.gitignore')).toBe(
      'node_modules\n*.pem\n# 0bit-launch: records and reports are build outputs\nlaunch-evidence/\n# 0bit-launch: shard blobs (vitest --reporter=blob)\n.vitest-reports/\n',
    );
    expect(read(dir, 'package.json')).toBe(pkgBefore);
    expect(first.out).toContain('kept specs/launch/webhooks.spec.ts');
    expect(first.out).toMatch(
      /kept package.json script "launch" \("vitest run --project launch --reporter=0bit-launch"; the gate runs "vitest run --reporter=0bit-launch"\)/,
    );

    const snapshot = (d: string) =>
      Object.fromEntries(['vitest.config.ts', ...SPECS, 'launch.key.pem', 'launch.pub.pem', 'package.json', '.gitignore'].map((f) => [f, read(d, f)]));
    const before = snapshot(dir);
    const second = await init(dir);
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/^wrote/m);
    expect(second.out).toContain('kept launch.key.pem / launch.pub.pem (a key pair exists)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps the package.json indentation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-init-'));
    writeFileSync(join(dir, 'package.json'), '{\n\t"name": "tabs"\n}\n');
    await init(dir);
    expect(read(dir, 'package.json')).toBe('{\n\t"name": "tabs",\n\t"scripts": {\n\t\t"launch": "vitest run --reporter=0bit-launch"\n\t}\n}\n');
  });

  it('refuses to run outside a project, or with arguments it does not know', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'launch-init-'));
    const run = await init(empty);
    expect(run.code).toBe(64);
    expect(run.err).toMatch(/no package\.json in .*; run it in your project's root/);
    expect(readdirSync(empty)).toEqual([]);
    expect((await init(project({ name: 'x' }), ['--surface', '0gate', '--force'])).code).toBe(64);
  });

  it('needs the product surface: from --surface, or asked for on a terminal', async () => {
    const noTerminal = project({ name: 'x' });
    const refused = await init(noTerminal, []);
    expect(refused.code).toBe(64);
    expect(refused.err).toMatch(
      /^0bit-launch init: pass --surface NAME \(the product surface the flow launches on: 0gate, 0pools_approved, 0base_review, 0link_review\)/,
    );
    expect(readdirSync(noTerminal)).toEqual(['package.json']);
    const unknown = await init(project({ name: 'x' }), ['--surface', '0gait']);
    expect(unknown.code).toBe(64);
    expect(unknown.err).toMatch(/--surface "0gait" is not a 0Bit product surface/);

    const questions: string[] = [];
    const asked = project({ name: 'x' });
    expect(
      (
        await init(asked, [], async (q) => {
          questions.push(q);
          return '0pools_approved';
        })
      ).code,
    ).toBe(0);
    expect(questions).toEqual([expect.stringMatching(/^Product surface the flow launches on \(0gate, .*\) \[0gate\]: $/)]);
    expect(read(asked, 'vitest.config.ts')).toContain('productSurface: "0pools_approved"');
    const defaulted = project({ name: 'x' });
    expect((await init(defaulted, [], async () => '')).code).toBe(0);
    expect(read(defaulted, 'vitest.config.ts')).toContain('productSurface: "0gate"');
  });
});

describe('0bit-launch init detects the framework and imports the app', () => {
  const integrationOf = async (pkg: object, files: Record<string, string>) => {
    const dir = project({ name: 'shop', type: 'module', ...pkg }, files);
    const run = await init(dir);
    expect(run.code).toBe(0);
    return { run, integration: read(dir, 'specs/launch/integration.ts') };
  };

  it.each([
    ['Express', { dependencies: { express: '^5' } }, 'src/app.js', 'export const app = express();\n', "import { app } from '../../src/app.js';", 'app'],
    [
      'Fastify',
      { dependencies: { fastify: '^5' } },
      'src/app.ts',
      'const app = Fastify();\nexport default app;\n',
      "import app from '../../src/app.js';",
      'app',
    ],
    ['Hono', { dependencies: { hono: '^4', '@hono/node-server': '^1' } }, 'app.mjs', 'export { app };\n', "import { app } from '../../app.mjs';", 'app'],
    ['Koa', { devDependencies: { koa: '^3' } }, 'src/server.js', 'module.exports = app;\n', "import app from '../../src/server.js';", 'app.callback()'],
  ])('%s', async (name, pkg, file, source, importLine, target) => {
    const { run, integration } = await integrationOf(pkg, { [file]: source });
    expect(run.out).toContain(`note: ${name} detected; integration.ts imports the app from ${file}`);
    expect(integration).toContain(`\n${importLine}\n`);
    expect(integration).toContain(`webhookTarget: (): HttpTarget => ${target},`);
    expect(integration).toContain(`checkoutTarget: (): HttpTarget => ${target},`);
    // The sandbox module is imported first, so ZEROBIT_API_BASE is set before the app loads.
    expect(integration.indexOf("from './sandbox.js'")).toBeLessThan(integration.indexOf(importLine));
  });

  it('Next.js route handlers: imports the webhook and checkout route modules with their paths', async () => {
    const route = 'export async function POST(request: Request) { return new Response(null, { status: 204 }); }\n';
    const { run, integration } = await integrationOf(
      { dependencies: { next: '^15', express: '^5' } },
      {
        'app/api/webhooks/0bit/route.ts': route,
        'app/(shop)/api/checkout/route.ts': route,
        'app/page.tsx': 'export default function Page() { return null; }\n',
      },
    );
    expect(run.out).toContain('note: Next.js route handlers');
    expect(integration).toContain("import * as webhookRoute from '../../app/api/webhooks/0bit/route.js';");
    expect(integration).toContain("import * as checkoutRoute from '../../app/(shop)/api/checkout/route.js';");
    expect(integration).toContain('webhookPath: "/api/webhooks/0bit",');
    expect(integration).toContain('checkoutPath: "/api/checkout",');
  });

  it('without an app module it names what it looked for, and the specs call LAUNCH_APP_URL', async () => {
    const none = await integrationOf({ dependencies: { express: '^5' } }, {});
    expect(none.run.out).toMatch(/note: Express is a dependency, but no src\/app\.\*, app\.\* or src\/server\.\* was found/);
    expect(none.integration).toContain("webhookTarget: (): HttpTarget => required('LAUNCH_APP_URL', 'the app under test'),");
    const unrecognised = await integrationOf({ dependencies: { hono: '^4' } }, { 'src/app.ts': 'new Hono().fire();\n' });
    expect(unrecognised.run.out).toMatch(/note: src\/app\.ts does not export an app init recognises/);
    expect(unrecognised.integration).not.toContain('src/app');
    const plain = await integrationOf({}, { 'src/app.js': 'export const app = 1;\n' });
    expect(plain.run.out).not.toContain('note:');
    expect(plain.integration).toContain("required('LAUNCH_APP_URL'");
  });
});
