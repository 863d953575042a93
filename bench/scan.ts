/**
 * Scanner speed on a generated 100 MB client build (minified JS chunks, source maps with
 * sourcesContent, HTML), with every detector on and the planted secret key named as a
 * known secret, as toBeServerSideOnly runs it. Targets from the issue: ≥ 100 MB/s on one
 * core, peak RSS ≤ 300 MB, and every planted credential found. secretlint with
 * @secretlint/secretlint-rule-preset-recommend scans the same files as the reference
 * point; 0bit-launch must be faster.
 *
 * The build is made of real bundler output found in node_modules (Vite chunks, minified
 * libraries), cut and repeated to size, with credentials planted in known places. Each
 * scanner runs in its own process, pinned to one core when `taskset` exists, so its peak
 * RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET_BYTES = 100 * 1024 * 1024;
const MIN_MB_PER_S = 100;
const MAX_RSS_MB = 300;
const root = fileURLToPath(new URL('..', import.meta.url));

const LIVE_KEY = 'sk_live_BenchPlanted0000Key0000Live9f2c';
const SANDBOX_KEY = 'sk_sandbox_BenchPlanted1111Key1111Sbx7a1b';
const RESTRICTED = 'rk_live_BenchPlanted2222Restricted2222';
const WEBHOOK = 'whsec_QmVuY2hQbGFudGVkV2ViaG9va1NlY3JldDAwMDA=';
const AWS = 'AKIAQBENCHPLANTED7XY';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\\n${'MIIEowIBAAKCAQEAvBenchPlantedKeyMaterialOnlyForTheScannerBenchmark00'.repeat(3).match(/.{1,64}/g)!.join('\\n')}\\n-----END RSA PRIVATE KEY-----`;
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiBenchPlant01';

interface Planted {
  name: string;
  file: string;
  /** What a finding must say: its kind, and how it was hidden. */
  kind: string;
  encoding?: string;
  source?: string;
}

const MINIFIED = [
  'node_modules/@vitest/ui/dist/client/assets/index-DaKof6xz.js',
  'node_modules/playwright-core/lib/vite/htmlReport/report.js',
  'node_modules/playwright-core/lib/vite/traceViewer/assets/codeMirrorModule-DNqxPF-E.js',
  'node_modules/playwright-core/lib/vite/recorder/assets/index-BwOPSdeb.js',
  'node_modules/axe-core/axe.min.js',
];
const READABLE = ['node_modules/lodash/lodash.js', 'node_modules/axe-core/axe.js', 'node_modules/vite/dist/node/chunks/node.js'];

function material(paths: string[]): string[] {
  const found = paths.map((p) => join(root, p)).filter((p) => existsSync(p)).map((p) => readFileSync(p, 'utf8'));
  if (found.length === 0) throw new Error(`none of ${paths.join(', ')} is installed; run npm ci`);
  return found;
}

/** `size` characters cut from the material, starting at a different place per file. */
function slice(sources: string[], index: number, size: number): string {
  const source = sources[index % sources.length]!;
  let out = '';
  let at = (index * 7919) % source.length;
  while (out.length < size) {
    out += source.slice(at, at + size - out.length);
    at = 0;
  }
  return out;
}

function fakeMappings(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[(i * 31) % 64]! + alphabet[(i * 17) % 64]! + alphabet[(i * 7) % 64]! + (i % 9 === 8 ? ';' : ',');
  return out;
}

function generate(dir: string): { planted: Planted[]; bytes: number; files: number } {
  const minified = material(MINIFIED);
  const readable = material(READABLE);
  const planted: Planted[] = [];
  let bytes = 0;
  let files = 0;
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  const plant = (text: string, at: number, snippet: string) => `${text.slice(0, at)};${snippet};${text.slice(at)}`;
  const chunkSize = 1_200_000;
  const mapSourceSize = 500_000;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const name = `assets/chunk-${i.toString(16).padStart(4, '0')}`;
    let js = slice(minified, i, chunkSize);
    const at = Math.floor(js.length / 2);
    if (i === 3) (js = plant(js, at, `const k="${LIVE_KEY}"`)), planted.push({ name: 'secret key, plain', file: `${name}.js`, kind: 'secret_key' });
    if (i === 7) (js = plant(js, at, `const k=atob("${Buffer.from(LIVE_KEY).toString('base64')}")`)), planted.push({ name: 'secret key, base64', file: `${name}.js`, kind: 'secret_key', encoding: 'base64' });
    if (i === 11) (js = plant(js, at, `const k="${LIVE_KEY.slice(0, 5)}"+"${LIVE_KEY.slice(5)}"`)), planted.push({ name: 'secret key, split concatenation', file: `${name}.js`, kind: 'secret_key', encoding: 'concatenation' });
    if (i === 13) (js = plant(js, at, `const k="${Buffer.from(LIVE_KEY).toString('hex')}"`)), planted.push({ name: 'secret key, hex', file: `${name}.js`, kind: 'secret_key', encoding: 'hex' });
    if (i === 17) (js = plant(js, at, `const r="${RESTRICTED}"`)), planted.push({ name: 'restricted key', file: `${name}.js`, kind: 'restricted_key' });
    if (i === 19) (js = plant(js, at, `const w="${WEBHOOK}"`)), planted.push({ name: 'webhook secret', file: `${name}.js`, kind: 'webhook_secret' });
    if (i === 23) (js = plant(js, at, `const a="${AWS}"`)), planted.push({ name: 'AWS access key', file: `${name}.js`, kind: 'aws_access_key' });
    if (i === 29) (js = plant(js, at, `const p="${PEM}"`)), planted.push({ name: 'PEM private key', file: `${name}.js`, kind: 'private_key' });
    if (i === 31) (js = plant(js, at, `const c={AWS_SECRET_ACCESS_KEY:"${AWS_SECRET}"}`)), planted.push({ name: 'AWS secret access key', file: `${name}.js`, kind: 'aws_secret_key' });
    write(`${name}.js`, `${js}\n//# sourceMappingURL=chunk-${i.toString(16).padStart(4, '0')}.js.map\n`);
    let source = slice(readable, i, mapSourceSize);
    if (i === 5) {
      source = `${source.slice(0, 1000)}\nexport const secretKey = '${LIVE_KEY}';\n${source.slice(1000)}`;
      planted.push({ name: 'secret key, source map sourcesContent', file: `${name}.js.map`, kind: 'secret_key', source: `../src/module-${i}.ts` });
    }
    const map = { version: 3, file: `chunk-${i}.js`, sources: [`../src/module-${i}.ts`, '../src/shared.ts'], sourcesContent: [source, slice(readable, i + 1, mapSourceSize)], names: [], mappings: fakeMappings(200_000) };
    write(`${name}.js.map`, JSON.stringify(map));
    if (i % 10 === 0) {
      let html = `<!doctype html><html><head><meta charset="utf-8"><title>Shop ${i}</title><script type="module" src="/${name}.js"></script></head><body>${'<div class="product"><h2>Item</h2><p>Fine goods, shipped fast.</p><button>Add to cart</button></div>'.repeat(600)}</body></html>\n`;
      if (i === 20) {
        html = html.replace('</head>', `<script>window.__cfg={secretKey:"${SANDBOX_KEY}"}</script></head>`);
        planted.push({ name: 'sandbox secret key in HTML', file: `page-${i}.html`, kind: 'secret_key' });
      }
      write(`page-${i}.html`, html);
    }
  }
  return { planted, bytes, files };
}

interface OwnResult {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  bytes: number;
  files: number;
  findings: Array<{ kind: string; file: string; encoding?: string; source?: string; masked: string }>;
}

/** Child mode: scan the tree and print the result as JSON. */
async function scanChild(dir: string): Promise<void> {
  const { scanPath } = await import('../src/scan/tree.js');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await scanPath(dir, { knownSecrets: [LIVE_KEY], relativeTo: dir });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const result: OwnResult = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes: report.bytes,
    files: report.scanned.length,
    findings: report.findings.map((f) => ({ kind: f.kind, file: f.file, encoding: f.encoding, source: f.source, masked: f.masked })),
  };
  process.stdout.write(JSON.stringify(result));
}

/** Runs under GNU time (peak RSS on stderr) and pinned to core 0, where those tools exist. */
function pinned(args: string[]): [string, string[]] {
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M', ...args] : args;
  const taskset = spawnSync('taskset', ['--version']);
  return taskset.status === 0 ? ['taskset', ['-c', '0', ...timed]] : [timed[0]!, timed.slice(1)];
}

function runSecretlint(dir: string): { wallMs: number; maxRssMb: number; files: number; findings: Array<{ file: string; ruleId: string }>; error?: string } {
  const rc = join(dir, '..', 'secretlintrc.json');
  const out = join(dir, '..', 'secretlint.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const cli = join(root, 'node_modules/secretlint/bin/secretlint.js');
  const [cmd, args] = pinned([process.execPath, cli, `${dir}/**/*`, '--secretlintrc', rc, '--format', 'json', '--output', out, '--no-color']);
  const started = performance.now();
  const run = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  const wallMs = performance.now() - started;
  const maxRssMb = Number(/(\d+)\s*$/.exec(run.stderr)?.[1] ?? 0) / 1024;
  let parsed: Array<{ filePath: string; messages: Array<{ ruleId: string }> }> = [];
  try {
    parsed = JSON.parse(readFileSync(out, 'utf8')) as typeof parsed;
  } catch {
    return { wallMs, maxRssMb, files: 0, findings: [], error: `no JSON report (exit ${run.status}): ${run.stderr.slice(0, 300)}` };
  }
  return { wallMs, maxRssMb, files: parsed.length, findings: parsed.flatMap((r) => r.messages.map((m) => ({ file: relative(dir, r.filePath), ruleId: m.ruleId }))) };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-scan-'));
  const dir = join(work, 'dist');
  try {
    const { planted, bytes, files } = generate(dir);
    const mb = bytes / 1024 / 1024;
    const [cmd, args] = pinned([process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--scan-child', dir]);
    const child = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`scanner child failed: ${child.stderr}`);
    const own = JSON.parse(child.stdout) as OwnResult;
    const ownRss = Math.max(own.maxRssMb, Number(/(\d+)\s*$/.exec(child.stderr)?.[1] ?? 0) / 1024);
    const missed = planted.filter(
      (p) => !own.findings.some((f) => f.file === p.file && f.kind === p.kind && (p.encoding === undefined || f.encoding === p.encoding) && (p.source === undefined || f.source === p.source)),
    );
    const lint = runSecretlint(dir);
    const lintFound = planted.filter((p) => lint.findings.some((f) => f.file === p.file));
    const ownWallRate = mb / (own.wallMs / 1000);
    const ownCpuRate = mb / (own.cpuMs / 1000);

    const lines = [
      `Generated build: ${files} files, ${mb.toFixed(1)} MB (minified JS chunks, source maps with sourcesContent, HTML); ${planted.length} planted credentials.`,
      '',
      '| scanner | time | throughput | peak RSS | planted found | findings |',
      '|---|---|---|---|---|---|',
      `| 0bit-launch (all detectors + known key, 1 core) | ${(own.wallMs / 1000).toFixed(2)} s wall, ${(own.cpuMs / 1000).toFixed(2)} s CPU | ${ownWallRate.toFixed(0)} MB/s wall, ${ownCpuRate.toFixed(0)} MB/s CPU | ${ownRss.toFixed(0)} MB | ${planted.length - missed.length}/${planted.length} | ${own.findings.length} in ${own.files} files read |`,
      `| secretlint + preset-recommend (1 core) | ${(lint.wallMs / 1000).toFixed(2)} s wall | ${(mb / (lint.wallMs / 1000)).toFixed(1)} MB/s wall | ${lint.maxRssMb.toFixed(0)} MB | ${lintFound.length}/${planted.length} (by file) | ${lint.findings.length} in ${lint.files} files read |`,
      '',
      'Planted credentials and who found them:',
      '',
      ...planted.map((p) => `- ${p.name} (${p.file}${p.source ? ` ▸ ${p.source}` : ''}): 0bit-launch ${missed.includes(p) ? 'MISSED' : 'found'}, secretlint ${lintFound.includes(p) ? `found (${[...new Set(lint.findings.filter((f) => f.file === p.file).map((f) => f.ruleId))].join(', ')})` : 'missed'}`),
      '',
      `0bit-launch findings by kind: ${JSON.stringify(own.findings.reduce<Record<string, number>>((acc, f) => ((acc[f.kind] = (acc[f.kind] ?? 0) + 1), acc), {}))}`,
      ...(lint.error ? [`secretlint: ${lint.error}`] : []),
      '',
    ];
    const faster = own.wallMs < lint.wallMs;
    const verdicts = [
      [`throughput ≥ ${MIN_MB_PER_S} MB/s (wall, one core)`, ownWallRate >= MIN_MB_PER_S],
      [`peak RSS ≤ ${MAX_RSS_MB} MB`, ownRss <= MAX_RSS_MB],
      ['every planted credential found', missed.length === 0],
      ['faster than secretlint on the same files', faster],
    ] as const;
    for (const [name, ok] of verdicts) lines.push(`- ${ok ? 'met' : 'NOT MET'}: ${name}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (verdicts.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `--generate <dir>` writes the build and stops (to profile a scanner by hand on it).
if (process.argv[2] === '--scan-child') await scanChild(process.argv[3]!);
else if (process.argv[2] === '--generate') process.stdout.write(`${JSON.stringify(generate(process.argv[3]!).planted, null, 2)}\n`);
else await main();
