import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AREA_IDS } from '../areas.js';
import { DEFAULT_WAIVER_FILE } from '../waivers.js';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, runKeygen } from './keygen.js';
import { EXIT, type CliIO } from './io.js';
import { launchConfig, vitestConfig, WAIVERS_YAML } from './templates/project.js';
import { AREA_SPECS, INTEGRATION_MODULE } from './templates/specs.js';

/** Config files Vitest reads on its own, in its order of preference. */
const CONFIG_NAMES = ['vitest.config', 'vite.config'].flatMap((base) => ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((ext) => `${base}.${ext}`));

export const SPEC_DIR = 'specs/launch';
const LAUNCH_CONFIG = 'vitest.launch.config.ts';

/**
 * `0bit-launch init`: adds the launch gate to an existing project. Never overwrites a file;
 * edits only package.json (adds the `launch` script) and .gitignore (adds the private key).
 * A project without a Vitest config gets a `vitest.config.ts` with the plugin; one with a
 * config of its own (that does not mention 0bit-launch) gets a separate launch config.
 */
export function runInit(args: string[], io: CliIO): number {
  parseArgs({ args, options: {}, strict: true });
  const root = io.cwd;
  const pkgPath = join(root, 'package.json');
  if (!existsSync(pkgPath)) {
    io.err(`0bit-launch init: no package.json in ${root}; run it in your project's root (npm init creates one)`);
    return EXIT.usage;
  }
  let pkg: { scripts?: Record<string, string> };
  const pkgText = readFileSync(pkgPath, 'utf8');
  try {
    pkg = JSON.parse(pkgText);
  } catch (error) {
    io.err(`0bit-launch init: package.json is not valid JSON (${(error as Error).message})`);
    return EXIT.usage;
  }

  const wrote: string[] = [];
  const kept: string[] = [];
  const put = (file: string, text: string) => {
    const path = join(root, file);
    if (existsSync(path)) return void kept.push(file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: 'wx' });
    wrote.push(file);
  };

  // Vite bundles a `.ts` config itself, so it loads the same in ESM and CommonJS packages.
  const existing = CONFIG_NAMES.find((name) => existsSync(join(root, name)));
  const separate = existsSync(join(root, LAUNCH_CONFIG)) || (existing !== undefined && !readFileSync(join(root, existing), 'utf8').includes('0bit-launch'));
  const configFile = separate ? LAUNCH_CONFIG : (existing ?? 'vitest.config.ts');
  put(configFile, separate ? launchConfig(existing ?? 'vitest.config.ts') : vitestConfig());

  put(`${SPEC_DIR}/integration.ts`, INTEGRATION_MODULE);
  for (const area of AREA_IDS) put(`${SPEC_DIR}/${area}.spec.ts`, AREA_SPECS[area]);
  put(DEFAULT_WAIVER_FILE, WAIVERS_YAML);

  const command = `vitest run${separate ? ` --config ${configFile}` : ''} --reporter=0bit-launch`;
  const script = pkg.scripts?.launch;
  if (script === undefined) {
    pkg.scripts = { ...pkg.scripts, launch: command };
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, indentOf(pkgText))}\n`);
    wrote.push('package.json (script "launch")');
  } else if (script !== command) {
    kept.push(`package.json script "launch" (${JSON.stringify(script)}; the gate runs ${JSON.stringify(command)})`);
  }

  for (const line of wrote) io.out(`wrote ${line}`);
  if (existsSync(join(root, PRIVATE_KEY_FILE)) || existsSync(join(root, PUBLIC_KEY_FILE))) {
    kept.push(`${PRIVATE_KEY_FILE} / ${PUBLIC_KEY_FILE} (a key pair exists)`);
  } else if (runKeygen({ out: '.', force: false }, io) !== EXIT.ok) {
    return EXIT.usage;
  }
  if (ignorePrivateKey(root)) io.out(`wrote .gitignore (ignores ${PRIVATE_KEY_FILE})`);
  for (const line of kept) io.out(`kept ${line}`);

  io.out(
    [
      '',
      'Next:',
      `  1. Point ${SPEC_DIR}/integration.ts at your app, or set the environment variables it names.`,
      `  2. npm run launch — every area fails, saying what is missing, until its spec reaches your integration.`,
      `  3. In CI, set ZEROBIT_LAUNCH_SIGNING_KEY to the contents of ${PRIVATE_KEY_FILE} (a secret); commit ${PUBLIC_KEY_FILE}.`,
      `  4. Gate the deploy: npx 0bit-launch verify launch-evidence/launch-record.json --key ${PUBLIC_KEY_FILE} --require-ready`,
    ].join('\n'),
  );
  return EXIT.ok;
}

/** The JSON indentation package.json already uses, so the edit changes one line only. */
function indentOf(text: string): string | number {
  return /^[{[]\r?\n([ \t]+)/.exec(text)?.[1] ?? 2;
}

/** Adds the private key to .gitignore unless a line already ignores it; true when it wrote. */
function ignorePrivateKey(root: string): boolean {
  const path = join(root, '.gitignore');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if ([PRIVATE_KEY_FILE, `/${PRIVATE_KEY_FILE}`, '*.key.pem', '*.pem'].some((p) => lines.includes(p))) return false;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileSync(path, `${text}${sep}# 0bit-launch signing key: keep it out of git\n${PRIVATE_KEY_FILE}\n`);
  return true;
}
