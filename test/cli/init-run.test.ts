import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { AREA_IDS } from '../../src/areas.js';
import { REPO, typecheckDir } from '../docs/typecheck.js';

/**
 * Fresh projects inside the repo's .tmp/, so `vitest` and `0bit-launch` resolve from the
 * repo's node_modules (0bit-launch is linked to the repo: its built dist/, as users get it).
 */
const BASE = join(REPO, '.tmp');
mkdirSync(BASE, { recursive: true });
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function freshProject(pkg: object, files: Record<string, string>) {
  const dir = mkdtempSync(join(BASE, 'init-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const code = await main(['init'], { cwd: dir, out: () => {}, err: () => {} });
  expect(code).toBe(0);
  return dir;
}

/** `npm run launch` without npm: the script's vitest command, with no launch variables set. */
async function runLaunchScript(dir: string) {
  const script: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.launch;
  const args = script.split(' ').slice(1);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ZEROBIT_|LAUNCH_|VITEST|FIXTURE_)/.test(k) && k !== 'NODE_ENV'));
  try {
    await promisify(execFile)(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), ...args], { cwd: dir, env: { ...env, CI: 'true' } });
    return { code: 0 };
  } catch (error) {
    return { code: (error as { code: number }).code, output: String((error as { stdout?: string }).stdout) };
  }
}

const VARIANTS = [
  ['ESM, no Vitest config', { type: 'module' }, {}],
  ['ESM, with a vitest.config.ts', { type: 'module' }, { 'vitest.config.ts': "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n" }],
  ['CommonJS, no Vitest config', {}, {}],
  ['CommonJS, with a vitest.config.js', {}, { 'vitest.config.js': "module.exports = { test: { include: ['test/**/*.test.js'] } };\n" }],
] as const;

describe.each(VARIANTS)('a fresh project (%s) after init', (_name, pkgExtra, files) => {
  it('runs the launch script, and every area fails saying what to configure', async () => {
    const dir = await freshProject({ name: 'shop', version: '1.0.0', ...pkgExtra }, files);
    const run = await runLaunchScript(dir);
    expect(run.code).toBe(1);
    const record = JSON.parse(readFileSync(join(dir, 'launch-evidence/launch-record.json'), 'utf8'));
    const predicate = JSON.parse(Buffer.from(record.payload, 'base64').toString('utf8')).predicate;
    expect(predicate.ready).toBe(false);
    expect(predicate.areas.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual(AREA_IDS.map((id) => [id, 'failed']));
    for (const test of predicate.tests) {
      expect(test.state).toBe('failed');
      expect(test.failure).toMatch(/is not (configured: set [A-Z_]+, or|wired up:) return it from specs\/launch\/integration\.ts/);
    }
    expect(existsSync(join(dir, 'launch-evidence/launch-report.html'))).toBe(true);
  });
});

describe('the starter specs', () => {
  it('type-check against the package API (matchers, options, endpoint)', async () => {
    const dir = await freshProject({ name: 'shop', type: 'module' }, {});
    rmSync(join(dir, 'vitest.config.ts'));
    const diagnostics = await typecheckDir(dir);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([]);
  });
});
