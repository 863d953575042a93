/**
 * What the launch reporter costs a real run, measured on a generated suite of 2,000 tagged
 * tests, each recording one evidence artifact (one matcher call). In one run, alternating
 * the commands round by round (the starting command rotates):
 *   vitest run --reporter=0bit-launch   vs   vitest run --reporter=default
 * Budgets from the issue: wall-time ratio ≤ 1.03 and peak-RSS ratio ≤ 1.10 (issue 15) (medians of the
 * per-round ratios, ≥ 5 rounds). For reference the same rounds run --reporter=junit,
 * --reporter=json and allure-vitest (its reporter and setup file). Beside the wall time, the
 * main process's CPU time (user + system): reporters run there, so its difference to the
 * default reporter's, round by round, is what the launch reporter itself costs, which a wall
 * ratio on a shared 2-core VM cannot resolve to 3 %.
 * Then, with 10,000 tests: the time from the end of the last test to a written record and
 * report (record build + signing + report writing, in the reporter's onTestRunEnd) ≤ 400 ms.
 *
 * The suite is installed as users have it: a project outside this repo with the packed
 * tarball (built first) and Vitest from npm. Inside the repo `0bit-launch` resolves through
 * the self-link to a path outside node_modules, which Vite would transform as source: not
 * what a user runs, and heavier. Peak RSS is the Vitest main process's, where reporters run
 * (workers are forked processes doing the same work under every reporter).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AREA_IDS } from '../src/areas.js';
import { installPackedProject } from './packed-project.js';

const PROJECT = mkdtempSync(join(tmpdir(), '0bit-launch-overhead-'));
const VITEST = join(PROJECT, 'node_modules/vitest/vitest.mjs');

// A user's project: the packed package, the same Vitest as this repo, allure-vitest.
installPackedProject(PROJECT, ['vitest', 'allure-vitest']);
const ROUNDS = Number(process.env.OVERHEAD_ROUNDS ?? 5);
const BIG_RUNS = 3;

/**
 * A suite of `files × perFile` tests, areas round-robin, each test one matcher call. One matcher
 * is not any area's minimum profile, so the gate is not ready; `failOnNotReady: false` keeps
 * the exit status 0: this measures what the reporter costs, not what the suite proves.
 */
function generateSuite(dir: string, files: number, perFile: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'specs'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `import { defineConfig } from 'vitest/config';
import { launchPlugin } from '0bit-launch/plugin';
export default defineConfig({ plugins: [launchPlugin({ productSurface: '0gate', failOnNotReady: false })], test: { include: ['specs/**/*.spec.ts'] } });
`,
  );
  writeFileSync(
    join(dir, 'vitest.allure.config.mjs'),
    `import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mjs';
export default mergeConfig(base, defineConfig({ test: { setupFiles: ['allure-vitest/setup'] } }));
`,
  );
  // The reporter (no terminal output) with every hook it has, its onTestRunEnd timed: a wrapper
  // forwarding only some hooks would move work the reporter does during the run to its end.
  writeFileSync(
    join(dir, 'timed-reporter.mjs'),
    `import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import LaunchReporter from '0bit-launch';
export default class TimedLaunchReporter extends LaunchReporter {
  constructor() { super({ terminal: false }); }
  async onTestRunEnd(...args) {
    const started = performance.now();
    await super.onTestRunEnd(...args);
    writeFileSync(process.env.OVERHEAD_TIMING_OUT, String(performance.now() - started));
  }
}
`,
  );
  // Peak RSS and CPU time of the main process only: forked workers have an IPC channel, the main does not.
  writeFileSync(
    join(dir, 'rss-probe.mjs'),
    `import { writeFileSync } from 'node:fs';
if (process.env.OVERHEAD_RSS_OUT && !process.send) process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.OVERHEAD_RSS_OUT, JSON.stringify({ maxRSS: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
`,
  );
  for (let f = 0; f < files; f++) {
    const area = AREA_IDS[f % AREA_IDS.length]!;
    writeFileSync(
      join(dir, 'specs', `s${String(f).padStart(3, '0')}-${area}.spec.ts`),
      `import { describe, expect, it } from 'vitest';
describe('${area} ${f}', { tags: ['launch:${area}'] }, () => {
  for (let i = 0; i < ${perFile}; i++) it(\`case \${i}\`, () => { expect('0gate').toBeLaunchableSurface(); });
});
`,
    );
  }
}

interface Command {
  name: string;
  args: string[];
}

interface Sample {
  wallMs: number;
  rssKiB: number;
  /** The main process's CPU time (user + system), where the reporters run. */
  cpuMs: number;
  reporterMs?: number;
}

function run(dir: string, command: Command): Sample {
  const rssOut = join(dir, '.rss');
  const timingOut = join(dir, '.timing');
  rmSync(timingOut, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', `file://${join(dir, 'rss-probe.mjs')}`, VITEST, 'run', ...command.args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', OVERHEAD_RSS_OUT: rssOut, OVERHEAD_TIMING_OUT: timingOut },
    maxBuffer: 64 << 20,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${command.name} exited ${child.status}: ${child.stderr.slice(-2000)}`);
  const main = JSON.parse(readFileSync(rssOut, 'utf8')) as { maxRSS: number; cpuMs: number };
  const sample: Sample = { wallMs, rssKiB: main.maxRSS, cpuMs: main.cpuMs };
  try {
    sample.reporterMs = Number(readFileSync(timingOut, 'utf8'));
  } catch {
    /* only the timed reporter writes it */
  }
  return sample;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number, digits = 0) => n.toFixed(digits);

const suite = join(PROJECT, 'suite');
generateSuite(suite, 20, 100);

const LAUNCH: Command = { name: '0bit-launch', args: ['--reporter=0bit-launch'] };
const DEFAULT: Command = { name: 'default', args: ['--reporter=default'] };
const REFERENCES: Command[] = [
  { name: 'junit', args: ['--reporter=junit', `--outputFile=${join(suite, 'out/junit.xml')}`] },
  { name: 'json', args: ['--reporter=json', `--outputFile=${join(suite, 'out/results.json')}`] },
  { name: 'allure-vitest', args: ['--config=vitest.allure.config.mjs', '--reporter=allure-vitest/reporter'] },
];

// A discarded warm-up: Vite's transform cache and the OS file cache.
run(suite, DEFAULT);
run(suite, LAUNCH);

const samples = new Map<string, Sample[]>();
for (let round = 0; round < ROUNDS; round++) {
  const pair = round % 2 === 0 ? [LAUNCH, DEFAULT] : [DEFAULT, LAUNCH];
  for (const command of [...pair, ...REFERENCES]) {
    const list = samples.get(command.name) ?? [];
    list.push(run(suite, command));
    samples.set(command.name, list);
  }
}

const base = samples.get('default')!;
const ratio = (name: string, pick: (s: Sample) => number) => median(samples.get(name)!.map((s, i) => pick(s) / pick(base[i]!)));
const wallRatio = ratio('0bit-launch', (s) => s.wallMs);
const rssRatio = ratio('0bit-launch', (s) => s.rssKiB);

console.log(`2,000 tagged tests (20 files), one evidence artifact each; ${ROUNDS} rounds, medians; ratios are per round against default.\n`);
console.log('| reporter | wall ms | wall ratio | main-process peak RSS MiB | RSS ratio | main-process CPU ms | CPU over default |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, list] of samples) {
  const w = median(list.map((s) => s.wallMs));
  const r = median(list.map((s) => s.rssKiB)) / 1024;
  console.log(
    `| ${name} | ${fmt(w)} | ${fmt(
      ratio(name, (s) => s.wallMs),
      3,
    )} | ${fmt(r, 1)} | ${fmt(
      ratio(name, (s) => s.rssKiB),
      3,
    )} | ${fmt(median(list.map((s) => s.cpuMs)))} | ${fmt(median(list.map((s, i) => s.cpuMs - base[i]!.cpuMs)))} ms |`,
  );
}

// 10,000 tests: time from the last test's end to the written record and report.
const big = join(PROJECT, 'suite-10k');
generateSuite(big, 50, 200);
const timed: Command = { name: 'timed', args: ['--reporter=./timed-reporter.mjs'] };
run(big, timed);
const reporterMs = Array.from({ length: BIG_RUNS }, () => run(big, timed).reporterMs!);
const bigRecord = readFileSync(join(big, 'launch-evidence/launch-record.json'));
const recordMs = median(reporterMs);

const budgets = [
  { what: 'wall time 0bit-launch / default', value: fmt(wallRatio, 3), ok: wallRatio <= 1.03, budget: '≤ 1.03' },
  { what: 'peak RSS 0bit-launch / default', value: fmt(rssRatio, 3), ok: rssRatio <= 1.1, budget: '≤ 1.10' },
  {
    what: `10,000 tests: record + signing + report after the last test (median of ${BIG_RUNS})`,
    value: `${fmt(recordMs)} ms`,
    ok: recordMs <= 400,
    budget: '≤ 400 ms',
  },
];
console.log(`\n10,000-test record: ${(bigRecord.byteLength / 1024 / 1024).toFixed(1)} MiB; runs ${reporterMs.map((m) => fmt(m)).join(', ')} ms\n`);
console.log('| budget | measured | limit | |');
console.log('|---|---:|---:|---|');
for (const b of budgets) console.log(`| ${b.what} | ${b.value} | ${b.budget} | ${b.ok ? 'within' : 'OVER'} |`);

rmSync(PROJECT, { recursive: true, force: true });
if (budgets.some((b) => !b.ok)) process.exitCode = 1;
