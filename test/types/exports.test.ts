/**
 * The package is entered only through package.json `exports`, for users and for this repo alike:
 * tsconfig `paths` name exactly those entry points, any other subpath fails to resolve (types and
 * run time), the built declarations give every matcher's parameters by name, and the root carries
 * no zod schema and no signing primitive (docs/api.md).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../docs/typecheck.js';
import { packageEntryPoints } from '../../scripts/package-exports.js';

const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const TMP = join(REPO, 'test/types/.tmp');
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Runs tsc on `files` (written into test/types/.tmp/) under the repo's tsconfig with `compilerOptions` over it; returns its errors. */
async function typecheck(name: string, files: Record<string, string>, compilerOptions: object = {}): Promise<string[]> {
  const dir = join(TMP, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../../tsconfig.json', compilerOptions, include: Object.keys(files), exclude: [] }),
  );
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, maxBuffer: 16 << 20 });
    return [];
  } catch (error) {
    const out = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    const errors = out.split('\n').filter((line) => /error TS\d+/.test(line));
    if (errors.length === 0) throw new Error(`tsc failed without diagnostics: ${out || (error as Error).message}`);
    return errors;
  }
}

describe('entry points', () => {
  const entries = packageEntryPoints(REPO);

  it('are the four subpaths of package.json exports, each built from its source', () => {
    expect(entries.map((e) => e.specifier)).toEqual(['0bit-launch', '0bit-launch/plugin', '0bit-launch/matchers', '0bit-launch/sandbox']);
    for (const entry of entries) expect(existsSync(join(REPO, entry.source)), entry.source).toBe(true);
  });

  it('are exactly what tsconfig paths resolve, to the same sources', () => {
    const tsconfig = JSON.parse(readFileSync(join(REPO, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
    expect(tsconfig.compilerOptions.paths).toEqual(Object.fromEntries(entries.map((e) => [e.specifier, [`./${e.source}`]])));
  });

  it('are the only subpaths that type-check in this repo', async () => {
    const errors = await typecheck('unexported', {
      'use.ts': [
        "import { launchPlugin } from '0bit-launch/plugin';",
        "import { signEnvelope } from '0bit-launch/record/dsse';",
        'export const used = [launchPlugin, signEnvelope];',
        '',
      ].join('\n'),
    });
    // The exported subpath resolves (positive control: no error on line 1); the internal module does not.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/use\.ts\(2,\d+\): error TS2307: .*'0bit-launch\/record\/dsse'/);
  }, 60_000);

  it('are the only subpaths that resolve at run time in this repo', async () => {
    await expect(import('0bit-launch/plugin')).resolves.toHaveProperty('launchPlugin');
    const internal = '0bit-launch/record/dsse';
    await expect(import(/* @vite-ignore */ internal)).rejects.toThrow(/record\/dsse/);
  });
});

describe('the built declarations (dist/, as users compile against them)', () => {
  it('name every matcher and its parameters from the root', async () => {
    expect(existsSync(join(REPO, 'dist/index.d.ts')), 'dist/ is missing: npm run build').toBe(true);
    // The same type test tsc checks against src/, here with no paths: `0bit-launch` resolves through exports to dist/.
    const source = readFileSync(join(REPO, 'test/types/matcher-options.test.ts'), 'utf8').replaceAll("'../../src/", "'../../../../dist/");
    expect(source).toContain("'../../../../dist/matchers/registry.js'");
    expect(await typecheck('dist', { 'matcher-options.ts': source }, { paths: {} })).toEqual([]);
  }, 60_000);
});

describe('run-time exports', () => {
  it('the root: no zod schema, no signing primitive', async () => {
    const root = Object.keys(await import('0bit-launch'));
    expect(root).toContain('verifyRecordFile');
    expect(root.filter((name) => /Schema$/.test(name))).toEqual([]);
    for (const internal of [
      'pae',
      'signEnvelope',
      'verifyEnvelope',
      'Ed25519Signer',
      'keyIdOf',
      'generateKeyPair',
      'loadPrivateKey',
      'decideVerdict',
      'parseLaunchOptions',
    ]) {
      expect(root, internal).not.toContain(internal);
    }
  });

  it('./plugin: launchPlugin only; ./matchers: nothing (it registers the matchers)', async () => {
    expect(Object.keys(await import('0bit-launch/plugin'))).toEqual(['launchPlugin']);
    expect(Object.keys(await import('0bit-launch/matchers'))).toEqual([]);
  });

  it('./sandbox: no zod schema', async () => {
    const sandbox = Object.keys(await import('0bit-launch/sandbox'));
    expect(sandbox).toContain('createSandbox');
    expect(sandbox.filter((name) => /Schema$/.test(name))).toEqual([]);
  });
});
