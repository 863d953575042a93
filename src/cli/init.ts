import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { AREA_IDS } from '../areas.js';
import { LAUNCHABLE_SURFACES, PRODUCT_SURFACES } from '../record/schema.js';
import { DEFAULT_WAIVER_FILE } from '../waivers.js';
import { detectFramework, findAppModule, findNextRoutes, FRAMEWORK_NAMES, type Framework } from './framework.js';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, runKeygen } from './keygen.js';
import { EXIT, usageError, type CliIO } from './io.js';
import { ignoreEntries, launchConfig, vitestConfig, WAIVERS_YAML } from './templates/project.js';
import { AREA_SPECS, integrationModule, SANDBOX_MODULE, URL_WIRING, type AppWiring } from './templates/specs.js';

/** Config files Vitest reads on its own, in its order of preference. */
const CONFIG_NAMES = ['vitest.config', 'vite.config'].flatMap((base) => ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((ext) => `${base}.${ext}`));

export const SPEC_DIR = 'specs/launch';
const LAUNCH_CONFIG = 'vitest.launch.config.ts';

/**
 * `0bit-launch init`: adds the launch gate to an existing project. Never overwrites a file;
 * edits only package.json (adds the `launch` script) and .gitignore (adds what the gate
 * writes and the private key). A project without a Vitest config gets a `vitest.config.ts`
 * with the plugin; one with a config of its own (that does not mention 0bit-launch) gets a
 * separate launch config. The product surface comes from --surface, or is asked for.
 */
export async function runInit(args: { surface?: string }, io: CliIO): Promise<number> {
  const root = io.cwd;
  const pkgPath = join(root, 'package.json');
  if (!existsSync(pkgPath)) {
    io.err(`0bit-launch init: no package.json in ${root}; run it in your project's root (npm init creates one)`);
    return EXIT.usage;
  }
  let pkg: { scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const pkgText = readFileSync(pkgPath, 'utf8');
  try {
    pkg = JSON.parse(pkgText);
  } catch (error) {
    io.err(`0bit-launch init: package.json is not valid JSON (${(error as Error).message})`);
    return EXIT.usage;
  }

  const surface = args.surface ?? (await askSurface(io));
  if (surface === undefined) return usageError(io, 'init', `pass --surface NAME (the product surface the flow launches on: ${PRODUCT_SURFACES.join(', ')})`);
  if (!(PRODUCT_SURFACES as readonly string[]).includes(surface)) {
    return usageError(io, 'init', `--surface ${JSON.stringify(surface)} is not a 0Bit product surface; one of ${PRODUCT_SURFACES.join(', ')}`);
  }

  const wrote: string[] = [];
  const kept: string[] = [];
  const notes: string[] = [];
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
  const facts = { surface, keyFile: PRIVATE_KEY_FILE };
  put(configFile, separate ? launchConfig(existing ?? 'vitest.config.ts', facts) : vitestConfig(facts));

  const framework = detectFramework(pkg);
  const wiring = appWiring(root, framework, notes);
  put(`${SPEC_DIR}/sandbox.ts`, SANDBOX_MODULE);
  put(`${SPEC_DIR}/integration.ts`, integrationModule(wiring));
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
  const ignored = addIgnoreEntries(root);
  if (ignored.length > 0) io.out(`wrote .gitignore (ignores ${ignored.join(', ')})`);
  for (const line of kept) io.out(`kept ${line}`);
  for (const line of notes) io.out(line);

  io.out(
    [
      '',
      'Next:',
      `  1. Wire ${SPEC_DIR}/integration.ts to your app: the counters (fulfilments, checkouts, event log), the capability response, the verification flow, the copy and pages customers see, and the values it reads from the environment.`,
      `  2. npm run launch — every area fails, saying what is missing, until its spec reaches your integration.`,
      `  3. In CI, set ZEROBIT_LAUNCH_SIGNING_KEY to the contents of ${PRIVATE_KEY_FILE} (a secret); commit ${PUBLIC_KEY_FILE}.`,
      `  4. Gate the deploy: npx 0bit-launch verify launch-evidence/launch-record.json --key ${PUBLIC_KEY_FILE} --require-ready`,
    ].join('\n'),
  );
  return EXIT.ok;
}

async function askSurface(io: CliIO): Promise<string | undefined> {
  if (!io.ask) return undefined;
  const answer = await io.ask(`Product surface the flow launches on (${PRODUCT_SURFACES.join(', ')}) [${LAUNCHABLE_SURFACES[0]}]: `);
  if (answer === undefined) return undefined;
  return answer.trim() || LAUNCHABLE_SURFACES[0];
}

/** How integration.ts reaches the app: imports of the detected framework's app, or a base URL. */
function appWiring(root: string, framework: Framework | undefined, notes: string[]): AppWiring {
  if (framework === 'next') {
    const routes = findNextRoutes(root);
    if (!routes.webhook || !routes.checkout) {
      notes.push('note: Next.js is a dependency, but no app/**/route.ts for both webhooks and checkout was found; integration.ts calls LAUNCH_APP_URL');
      return URL_WIRING;
    }
    notes.push(`note: Next.js route handlers ${routes.webhook.file} and ${routes.checkout.file} are imported by integration.ts`);
    return {
      imports: [`import * as webhookRoute from '${importPath(routes.webhook.file)}';`, `import * as checkoutRoute from '${importPath(routes.checkout.file)}';`],
      describe: `Next.js route handlers: ${routes.webhook.file} and ${routes.checkout.file}, called in-process.`,
      webhookTarget: 'webhookRoute',
      checkoutTarget: 'checkoutRoute',
      webhookPath: routes.webhook.path,
      checkoutPath: routes.checkout.path,
    };
  }
  if (framework === undefined) return URL_WIRING;
  const name = FRAMEWORK_NAMES[framework];
  const found = findAppModule(root);
  if (!found?.exportKind) {
    notes.push(
      found
        ? `note: ${found.file} does not export an app init recognises (export const app, export default, module.exports); integration.ts calls LAUNCH_APP_URL until it imports your ${name} app`
        : `note: ${name} is a dependency, but no src/app.*, app.* or src/server.* was found; integration.ts calls LAUNCH_APP_URL until it imports your app`,
    );
    return URL_WIRING;
  }
  notes.push(`note: ${name} detected; integration.ts imports the app from ${found.file} (export it without calling listen())`);
  const line = found.exportKind === 'named' ? `import { app } from '${importPath(found.file)}';` : `import app from '${importPath(found.file)}';`;
  // Koa's app is not itself a request listener; its callback() is.
  const target = framework === 'koa' ? 'app.callback()' : 'app';
  return {
    imports: [line],
    describe: `Your ${name} app from ${found.file}, called by the checks in-process or over a loopback port of their own.`,
    webhookTarget: target,
    checkoutTarget: target,
    webhookPath: URL_WIRING.webhookPath,
    checkoutPath: URL_WIRING.checkoutPath,
  };
}

/** The import specifier of a project file from specs/launch/, as TypeScript's NodeNext resolution wants it. */
function importPath(file: string): string {
  const js = file
    .replace(/\.ts$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs');
  return posix.relative(SPEC_DIR, js);
}

/** The JSON indentation package.json already uses, so the edit changes one line only. */
function indentOf(text: string): string | number {
  return /^[{[]\r?\n([ \t]+)/.exec(text)?.[1] ?? 2;
}

/** Adds each ignore entry no line already covers; returns the entries it added. */
function addIgnoreEntries(root: string): string[] {
  const path = join(root, '.gitignore');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = ignoreEntries(PRIVATE_KEY_FILE).filter((e) => !lines.has(e.line) && !e.coveredBy.some((c) => lines.has(c)));
  if (missing.length === 0) return [];
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  const block = missing.map((e) => `# 0bit-launch: ${e.why}\n${e.line}\n`).join('');
  writeFileSync(path, `${text}${sep}${block}`);
  return missing.map((e) => e.line);
}
