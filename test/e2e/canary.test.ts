/**
 * Secret hygiene end to end (issue 12): a real launch suite in a temporary project, run
 * through the reporter with canary secrets in the environment, in test and suite names,
 * in thrown errors (every encoding, and wrapped across lines), in console output, in probe
 * responses and headers, in a suite error, a waiver and the compliance reference. Then
 * every written file (the decoded payload too), stdout and stderr are searched for every
 * spelling of every canary. Two canaries are known to the main process only through a
 * matcher's registration in one spec file while another file leaks them; the suite runs
 * with that file first, last, and in parallel, and the result must not change.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import LaunchReporter from '../../src/reporter.js';
import { inflatedPage, islandLines } from '../support/report-islands.js';
import { loadPublicKey } from '../../src/record/keys.js';
import { verifyRecordFile } from '../../src/record/verify.js';
import { maskValue } from '../../src/detect/mask.js';
import { leaks, spellings } from '../redaction/forms.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

/** Fresh canaries per run of this file, so no earlier output can pass for this one's. */
const SHOP_KEY = `sk_live_${alnum(32)}`;
const DB_PASSWORD = `pw&${alnum(14)}#!@${alnum(4)}`;
const SUPPORT_TOKEN = alnum(40);
/** No secret name, no credential shape: known only because a matcher registered it. */
const OPAQUE = `opq${alnum(26)}`;
/** Registered outside any test (a `beforeAll` helper, as `createSandbox` does). */
const SETUP_SECRET = alnum(30);
const CANARIES = [SHOP_KEY, DB_PASSWORD, SUPPORT_TOKEN, OPAQUE, SETUP_SECRET];

const ENV = {
  SHOP_KEY,
  DATABASE_URL: `postgres://shop:${encodeURIComponent(DB_PASSWORD)}@db.internal:5432/shop`,
  SUPPORT_API_TOKEN: SUPPORT_TOKEN,
  CANARY_OPAQUE: OPAQUE,
  CANARY_SETUP: SETUP_SECRET,
};

const CONFIG = `
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { launchPlugin } from '${REPO}src/plugin.js';
import { sourceAliases } from '${REPO}scripts/package-exports.js';

/** Runs the spec files in the order CANARY_ORDER names. */
class Ordered extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const order = (process.env.CANARY_ORDER ?? '').split(',');
    const rank = (f: TestSpecification) => order.findIndex((name) => f.moduleId.endsWith(name + '.spec.ts'));
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  plugins: [launchPlugin({ productSurface: '0gate' })],
  resolve: { alias: sourceAliases('${REPO}') },
  test: { root: fileURLToPath(new URL('.', import.meta.url)), include: ['specs/**/*.spec.ts'], sequence: { sequencer: Ordered } },
});
`;

const REGISTER_SPEC = `
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSecret } from '${REPO}src/evidence/secrets.js';

describe('registers', { tags: ['launch:credentials'] }, () => {
  beforeAll(() => registerSecret(process.env.CANARY_SETUP));
  it('keeps the opaque key server-side', async () => {
    await expect(process.env.CANARY_OPAQUE).toBeServerSideOnly({ clientDir: new URL('../client', import.meta.url).pathname });
  });
});
`;

const LEAK_SPEC = `
import { beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';

const env = process.env;
const canaries = [env.SHOP_KEY!, decodeURIComponent(new URL(env.DATABASE_URL!).password), env.SUPPORT_API_TOKEN!, env.CANARY_OPAQUE!, env.CANARY_SETUP!];
const b64 = (s: string) => Buffer.from(s).toString('base64');
const hex = (s: string) => Buffer.from(s).toString('hex');
const everyForm = (s: string) =>
  [s, b64(s), Buffer.from(s).toString('base64url'), hex(s), hex(s).toUpperCase(), encodeURIComponent(s), JSON.stringify(s).slice(1, -1)].join(' ');
const wrapped = (s: string) => b64(s).replace(/(.{12})/g, '$1\\n    ');

/** An endpoint that echoes every canary in its headers and body, as a debug build might. */
function leakyApi(req: IncomingMessage, res: ServerResponse) {
  const headers: Record<string, string> = { 'content-type': 'application/json', vary: 'Origin' };
  canaries.forEach((c, i) => {
    headers['x-debug-' + i] = hex(c);
    headers['x-trace-' + i] = Buffer.from(c).toString('base64url');
  });
  if (req.headers.origin === 'https://shop.example') headers['access-control-allow-origin'] = 'https://shop.example';
  if (req.method === 'OPTIONS') headers['access-control-allow-methods'] = 'GET';
  res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers);
  res.end(req.method === 'OPTIONS' ? '' : JSON.stringify(canaries.map((c) => ({ plain: c, b64: b64(c), hex: hex(c) }))));
}

describe('leaks ' + env.SUPPORT_API_TOKEN, { tags: ['launch:origins'] }, () => {
  it('named ' + env.SHOP_KEY, () => {
    console.log('log ' + canaries.map(everyForm).join(' | '));
    console.error('warn ' + canaries.map(wrapped).join(' | '));
    throw new Error('thrown ' + canaries.map(everyForm).join(' | ') + '\\nwrapped:\\n    ' + canaries.map(wrapped).join('\\n    '));
  });
  it('named ' + env.CANARY_OPAQUE, () => {
    expect({ key: env.CANARY_OPAQUE, setup: env.CANARY_SETUP }).toEqual({ key: 'another', setup: env.CANARY_SETUP + 'x' });
  });
  it('probes an endpoint that echoes secrets', async () => {
    await expect(leakyApi).toAllowOrigin('https://shop.example');
  });
});

describe('setup of ' + env.CANARY_SETUP, { tags: ['launch:webhooks'] }, () => {
  beforeAll(() => {
    throw new Error('setup failed: ' + canaries.map(everyForm).join(' | '));
  });
  it('never runs', () => {});
});

it('untagged ' + env.CANARY_OPAQUE, () => {});
`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'launch-canary-'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'specs'));
  mkdirSync(join(dir, 'client'));
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'vitest.config.ts'), CONFIG);
  writeFileSync(join(dir, 'specs/register.spec.ts'), REGISTER_SPEC);
  writeFileSync(join(dir, 'specs/leak.spec.ts'), LEAK_SPEC);
  writeFileSync(join(dir, 'client/index.js'), 'console.log("checkout");\n');
  return dir;
}

class Capture extends Writable {
  text = '';
  override end(): this {
    return this;
  }
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const waivedTest = `leaks ${SUPPORT_TOKEN} > named ${SHOP_KEY}`;

/** Runs Vitest on the project with the canaries in the environment; returns what it printed. */
async function vitestRun(dir: string, env: Record<string, string>, options: Parameters<typeof startVitest>[2], filters: string[] = []) {
  const saved = { ...process.env };
  Object.assign(process.env, ENV, env);
  const stdout = new Capture();
  const stderr = new Capture();
  try {
    const vitest = await startVitest('test', filters, { root: dir, config: join(dir, 'vitest.config.ts'), watch: false, ...options }, {}, { stdout, stderr });
    await vitest.close();
  } finally {
    process.env = saved;
    process.exitCode = 0;
  }
  return { stdout: stdout.text, stderr: stderr.text };
}

const launchReporter = (outDir: string) =>
  new LaunchReporter({
    productSurface: '0gate',
    output: { dir: outDir },
    terminal: true,
    waivers: [
      {
        test: waivedTest,
        justification: `rotating ${DB_PASSWORD} and ${OPAQUE} (${Buffer.from(SUPPORT_TOKEN).toString('base64')})`,
        approvedBy: 'risk@shop.example',
        expires: '2999-12-31',
      },
    ],
    complianceApproval: { reference: `CMP-7 ${Buffer.from(SHOP_KEY).toString('hex')} ${SETUP_SECRET}`, approvedBy: 'compliance@shop.example' },
  });

async function launch(dir: string, order: string, maxWorkers: number) {
  const outDir = join(dir, `evidence-${order.replace(',', '-')}-${maxWorkers}`);
  const printed = await vitestRun(dir, { CANARY_ORDER: order }, { maxWorkers, fileParallelism: maxWorkers > 1, reporters: [launchReporter(outDir)] });
  return written(outDir, printed);
}

/**
 * Each spec file as its own shard with Vitest's blob reporter (the leaking one first),
 * then `--merge-reports` through the launch reporter: the fingerprints travel in the blobs.
 */
async function launchMerged(dir: string) {
  const blobs = join(dir, 'blobs');
  for (const [i, file] of ['leak', 'register'].entries()) {
    await vitestRun(dir, {}, { reporters: [['blob', { outputFile: join(blobs, `blob-${i + 1}-2.json`) }]] }, [`specs/${file}`]);
  }
  const outDir = join(dir, 'evidence-merged');
  const printed = await vitestRun(dir, {}, { mergeReports: blobs, reporters: [launchReporter(outDir)] });
  return { ...written(outDir, printed), registeringBlob: readFileSync(join(blobs, 'blob-2-2.json'), 'utf8') };
}

function written(outDir: string, printed: { stdout: string; stderr: string }) {
  const files = readdirSync(outDir).map((f) => ({ name: f, text: readFileSync(join(outDir, f), 'utf8') }));
  // The report's rows and evidence are deflated: searched as the page reads them.
  const report = files.find((f) => f.name === 'launch-report.html');
  if (report) files.push({ name: 'launch-report.html, data inflated', text: inflatedPage(report.text) });
  const envelope = JSON.parse(files.find((f) => f.name === 'launch-record.json')!.text) as { payload: string };
  const payload = Buffer.from(envelope.payload, 'base64').toString('utf8');
  return { outDir, files, payload, predicate: JSON.parse(payload).predicate, ...printed };
}

type Launch = Awaited<ReturnType<typeof launch>>;

/** Layout taken out: a canary wrapped across lines or split by colour codes reads whole again. */
const unwrapped = (text: string) => text.replace(/\r?\n[ \t]*|\r|\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
const htmlEscaped = (text: string) => text.replace(/&/g, '&amp;');

function everyLeak(run: Launch): string[] {
  const places: Array<[string, string]> = [
    ...run.files.map((f): [string, string] => [f.name, f.text]),
    ['decoded payload', run.payload],
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ];
  const found: string[] = [];
  for (const [place, text] of places) {
    for (const view of [text, unwrapped(text)]) for (const hit of leaks(view, CANARIES)) found.push(`${hit} in ${place}`);
    for (const c of CANARIES) if (text.includes(htmlEscaped(c))) found.push(`HTML-escaped ${c.slice(0, 6)}… in ${place}`);
  }
  return [...new Set(found)];
}

const label = (value: string) => maskValue(value);

describe('secret hygiene on a real launch run', () => {
  const dir = project();

  it('the search finds every canary spelling where one is written (positive control)', () => {
    const text = CANARIES.map((c) => Object.values(spellings(c)).join(' ')).join('\n');
    expect(leaks(text, CANARIES)).toHaveLength(CANARIES.length * Object.keys(spellings(SHOP_KEY)).length);
  });

  it.each([
    ['the registering file first', () => launch(dir, 'register,leak', 1)],
    ['the leaking file first', () => launch(dir, 'leak,register', 1)],
    ['both files in parallel', () => launch(dir, 'register,leak', 2)],
    ['each file a shard, merged with --merge-reports', () => launchMerged(dir)],
  ] as const)(
    'leaves no canary in the record, the report, stdout or stderr, with %s',
    async (_how, launched) => {
      const run = await launched();
      expect(everyLeak(run)).toEqual([]);
      if ('registeringBlob' in run && typeof run.registeringBlob === 'string') {
        // What the fingerprints put in a CI artifact: nothing that spells the registered values.
        expect(run.registeringBlob).toContain('0bit-launch:secret');
        expect(leaks(run.registeringBlob, [OPAQUE, SETUP_SECRET])).toEqual([]);
      }

      // The canaries were there, and were masked rather than dropped.
      const tests = run.predicate.tests as Array<{ fullName: string; failure?: string; waiver?: { justification: string }; evidence: unknown[] }>;
      const named = tests.find((t) => t.fullName === `leaks ${label(SUPPORT_TOKEN)} > named ${label(SHOP_KEY)}`)!;
      expect(named.failure).toContain(`thrown ${label(SHOP_KEY)} ${label(SHOP_KEY)}`);
      expect(named.failure).toContain(label(OPAQUE));
      expect(named.waiver!.justification).toBe(`rotating ${label(DB_PASSWORD)} and ${label(OPAQUE)} (${label(SUPPORT_TOKEN)})`);
      expect(tests.map((t) => t.fullName)).toContain(`leaks ${label(SUPPORT_TOKEN)} > named ${label(OPAQUE)}`);
      // Only the main process could mask these: the leaking worker never saw OPAQUE or SETUP_SECRET registered.
      const probe = JSON.stringify(tests.find((t) => t.fullName.endsWith('probes an endpoint that echoes secrets'))!.evidence);
      expect(probe).toContain(label(OPAQUE));
      expect(probe).toContain(label(SETUP_SECRET));
      // The search above read the report's deflated evidence too: the masked probe is in it.
      const report = run.files.find((f) => f.name === 'launch-report.html')!.text;
      const evidenceData = islandLines(report, 'evidence-data').join('\n');
      expect(evidenceData).toContain(label(SETUP_SECRET));
      expect(run.files.find((f) => f.name === 'launch-report.html, data inflated')!.text).toContain(evidenceData);
      expect(run.predicate.compliance.reference).toBe(`CMP-7 ${label(SHOP_KEY)} ${label(SETUP_SECRET)}`);
      expect(run.predicate.run.suiteErrors.map((e: { name: string }) => e.name)).toContain(`setup of ${label(SETUP_SECRET)}`);
      expect(run.predicate.untagged.map((t: { fullName: string }) => t.fullName)).toContain(`untagged ${label(OPAQUE)}`);
      expect(run.stdout).toContain(`named ${label(OPAQUE)}`);
      expect(run.stdout + run.stderr).toContain(`thrown ${label(SHOP_KEY)}`);
      expect(run.stdout).toContain('0bit-launch gate');
      expect(unwrapped(run.stdout)).toMatch(/✓ specs\/register\.spec\.ts/);

      // The masked record is still what was signed.
      const verified = verifyRecordFile(join(run.outDir, 'launch-record.json'), [loadPublicKey(join(run.outDir, 'launch-signing.pub.pem'))]);
      expect(verified.statement.predicate.tests).toHaveLength(tests.length);
    },
    180_000,
  );
});
