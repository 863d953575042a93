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
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

async function init(cwd: string, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { cwd, out: (l) => out.push(l), err: (l) => err.push(l) };
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
    for (const file of ['vitest.config.ts', 'specs/launch/integration.ts', ...SPECS, 'launch-waivers.yaml', 'launch.key.pem', 'launch.pub.pem', '.gitignore']) {
      expect(run.out).toContain(`wrote ${file}`);
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(read(dir, 'vitest.config.ts')).toMatch(/plugins: \[launchPlugin\(\)\]/);
    expect(JSON.parse(read(dir, 'package.json')).scripts).toEqual({ test: 'vitest run', launch: 'vitest run --reporter=0bit-launch' });
    expect(read(dir, '.gitignore').split('\n')).toContain('launch.key.pem');
    const pub = createPublicKey(createPrivateKey(read(dir, 'launch.key.pem')));
    expect(pub.export({ type: 'spki', format: 'pem' })).toBe(read(dir, 'launch.pub.pem'));
    expect(run.out).toMatch(/Next:[\s\S]*npm run launch[\s\S]*--require-ready/);
    expect(run.out).not.toContain('PRIVATE KEY');
  });

  it('tags each starter spec with its area and uses that area\'s matchers, with no TODOs', async () => {
    const dir = project({ name: 'shop' });
    await init(dir);
    const matchers: Record<string, RegExp> = {
      product: /toBeLaunchableSurface/,
      credentials: /toBeServerSideOnly[\s\S]*toBeKeyForEnvironment/,
      browser: /toExposeOnlyBrowserSafeValues/,
      origins: /toBeExplicitOriginAllowlist[\s\S]*toAllowOrigin[\s\S]*toAcceptReturnUrl/,
      webhooks: /toVerifyWebhookSignatures[\s\S]*toLogWebhookEvents/,
      idempotency: /toBeIdempotent[\s\S]*toBeDuplicateSafe/,
      monitoring: /toCoverAlerts/,
      support: /toBeRedacted[\s\S]*toReferenceSupportPath/,
      availability: /toEnable/,
    };
    for (const area of AREA_IDS) {
      const spec = read(dir, `specs/launch/${area}.spec.ts`);
      expect(spec).toContain(`tags: ['launch:${area}']`);
      expect(spec).toMatch(matchers[area]!);
      expect(spec).not.toMatch(/TODO|FIXME|\.todo\(|\.skip/);
    }
    expect(readdirSync(join(dir, 'specs/launch')).sort()).toEqual([...SPECS.map((s) => s.slice('specs/launch/'.length)), 'integration.ts'].sort());
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
    expect(read(dir, '.gitignore')).toBe('node_modules\n*.pem\n');
    expect(read(dir, 'package.json')).toBe(pkgBefore);
    expect(first.out).toContain('kept specs/launch/webhooks.spec.ts');
    expect(first.out).toMatch(/kept package.json script "launch" \("vitest run --project launch --reporter=0bit-launch"; the gate runs "vitest run --reporter=0bit-launch"\)/);

    const snapshot = (d: string) => Object.fromEntries(['vitest.config.ts', ...SPECS, 'launch.key.pem', 'launch.pub.pem', 'package.json'].map((f) => [f, read(d, f)]));
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
    expect((await init(project({ name: 'x' }), ['--force'])).code).toBe(64);
  });
});
