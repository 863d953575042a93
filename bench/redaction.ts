/**
 * What secret hygiene adds to the record time of a 10,000-test run (issue 12; budget: under
 * 10%). Record time is what the reporter does after the last test: collecting each test
 * (its evidence parsed and checked by the collect backstop), the verdict, then building,
 * signing and writing the record and rendering and writing the report (not measured here:
 * walking Vitest's own results, hashing the spec files, asking git). Redaction adds to it:
 *
 * - learning every fingerprint of the run, then the masking pass over the whole predicate
 *   just before signing (redactPredicate);
 * - whatever the collect backstop now costs more than before (it masks each evidence with
 *   the one redactor, where it used the scanner's redactText);
 * - masking the terminal output held during the run, written at the end.
 *
 * The redactor is the one the reporter has when the last test ends: it read the environment
 * (with five planted secrets: a secret key, a database URL with a password, a CI token, a
 * support token, a PEM signing key) and took every artifact as it arrived — the
 * fingerprints of 200 registered values (100 spec files each making a sandbox), and every
 * evidence block, masked in batches while the workers ran. 1% of the tests carry a planted
 * secret (a base64 key in a failure message, a hex-encoded registered value, registered in
 * another file, in a response body).
 *
 * Times are CPU time (user + system) of this process, medians over rounds, each round on a
 * collected heap: on a shared machine that is what other load distorts least. The collect
 * backstop's two versions are compared alternately in a child process of their own, so
 * neither is charged for the record's garbage.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactIntake } from '../src/evidence/run-redaction.js';
import { createRunRedactor, fingerprintsIn, fingerprintsOf, redactPredicate, SECRET_ARTIFACT_TYPE, type RunRedactor } from '../src/redaction/index.js';
import { collectTest, type ReportedTest } from '../src/record/collect.js';
import { decideVerdict, verdictInputOf } from '../src/record/verdict.js';
import { redactString } from '../src/evidence/redact.js';
import { EVIDENCE_ARTIFACT_TYPE } from '../src/evidence/types.js';
import { buildStatement, sha256Hex, signStatement } from '../src/record/statement.js';
import { ephemeralSigner } from '../src/record/keys.js';
import { writeFilesAtomic } from '../src/record/write.js';
import { renderReportChunks } from '../src/report/html.js';
import { redactText } from '../src/scan/redact.js';
import type { LaunchPredicate } from '../src/record/schema.js';
import { largePredicate } from '../test/report/fixtures.js';

const N = 10_000;
const ROUNDS = 15;
const REGISTERED = 200;
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const planted = {
  SHOP_KEY: `sk_live_${alnum(32)}`,
  DATABASE_URL: `postgres://shop:${alnum(20)}@db.internal:5432/shop`,
  CI_JOB_TOKEN: alnum(40),
  SUPPORT_API_TOKEN: alnum(40),
  ZEROBIT_LAUNCH_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
};
// The main process's own redactor (the collect backstop's) reads the environment on first use.
Object.assign(process.env, planted);
const registered = Array.from({ length: REGISTERED }, (_, i) => (i % 2 ? `sk_sandbox_${alnum(32)}` : `whsec_${randomBytes(24).toString('base64')}`));

/**
 * The run's redactor as the reporter has it when the last test ends: it read the
 * environment at onInit, then took every artifact as it arrived — each spec file's
 * registered secrets, then that file's evidence — as `learnArtifact` does.
 */
function redactorAfterRun(predicate: LaunchPredicate): RunRedactor {
  const redactor = createRunRedactor({ env: process.env });
  const take = artifactIntake(redactor);
  const perFile = Math.ceil(predicate.tests.length / (REGISTERED / 2));
  predicate.tests.forEach((test, i) => {
    if (i % perFile === 0) {
      const file = i / perFile;
      take({ type: SECRET_ARTIFACT_TYPE, fingerprints: [...fingerprintsOf(registered[2 * file]!), ...fingerprintsOf(registered[2 * file + 1]!)] });
    }
    for (const evidence of test.evidence) take({ type: EVIDENCE_ARTIFACT_TYPE, evidence }, test);
  });
  return redactor;
}

/** The 10,000-test predicate, with 1% of the tests carrying a planted secret. */
function predicateWithLeaks(): LaunchPredicate {
  const predicate = largePredicate(N);
  predicate.tests.forEach((test, i) => {
    if (i % 100 !== 7) return;
    test.failure = `AssertionError: refused key ${Buffer.from(planted.SHOP_KEY).toString('base64')}\n  at specs/x.spec.ts:${i}:5`;
    const probe = test.evidence[0]?.probes[0];
    if (probe?.response) probe.response.body = `{"debug":"${Buffer.from(registered[i % REGISTERED]!).toString('hex')}"}`;
  });
  return predicate;
}

/** The predicate's tests as Vitest's reporter API hands them over, evidence as stored artifacts (`artifacts()` copies the list, as Vitest's does). */
function reportedTests(predicate: LaunchPredicate): ReportedTest[] {
  return predicate.tests.map((t) => {
    const stored = t.evidence.map((evidence) => ({ type: EVIDENCE_ARTIFACT_TYPE, evidence }));
    return {
      id: t.id,
      fullName: t.fullName,
      tags: [`launch:${t.area}`],
      location: { line: t.line ?? 1, column: t.column ?? 1 },
      options: {},
      result: () => ({ state: t.state, errors: t.failure ? [{ message: t.failure }] : [] }),
      diagnostic: () => ({ duration: t.durationMs }),
      artifacts: () => [...stored],
    };
  });
}

/**
 * What the reporter does after the last test, in its order, each segment timed: collect the
 * tests, mask the predicate, sign and write the record and the report, then write the
 * terminal output held during the run.
 */
function onTestRunEnd(tests: readonly ReportedTest[], predicate: LaunchPredicate, redactor: RunRedactor, log: string, dir: string) {
  const cpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  const t0 = cpu();
  // learnFromModules: every fingerprint of the run, before anything prints.
  for (const test of tests) for (const artifact of test.artifacts()) redactor.learn(fingerprintsIn(artifact));
  const learned = cpu();
  for (const test of tests) collectTest(test, 'specs/launch.spec.ts');
  decideVerdict(verdictInputOf(predicate));
  const t1 = cpu();
  const masked = redactPredicate(predicate, redactor);
  const t2 = cpu();
  const statement = buildStatement([{ name: 'specs/launch.spec.ts', digest: { sha256: sha256Hex('spec') } }], masked);
  const signed: { envelope?: unknown; keyid: string; payloadDigest: string } = signStatement(statement, ephemeralSigner());
  const { keyid, payloadDigest } = signed;
  writeFilesAtomic([
    {
      path: join(dir, 'launch-record.json'),
      data: () => {
        const text = `${JSON.stringify(signed.envelope, null, 2)}\n`;
        delete signed.envelope;
        return text;
      },
    },
    {
      path: join(dir, 'launch-report.html'),
      data: () => renderReportChunks({ predicate: statement.predicate, keyid, payloadDigest, recordPath: 'launch-record.json' }),
    },
  ]);
  const t3 = cpu();
  redactor.redact(log);
  const t4 = cpu();
  return { masked, learn: learned - t0, collect: t1 - learned, pass: t2 - t1, sign: t3 - t2, output: t4 - t3 };
}

/** A held terminal log as Vitest's default reporter prints it for such a run: module lines, then failures with stacks. */
function terminalLog(predicate: LaunchPredicate): string {
  const lines: string[] = [];
  for (let f = 0; f < 100; f++) lines.push(` ✓ specs/s${String(f).padStart(3, '0')}.spec.ts (100 tests) 812ms`);
  for (const test of predicate.tests.filter((t) => t.failure).slice(0, 200)) {
    lines.push(
      '',
      ` FAIL  ${test.file} > ${test.fullName}`,
      test.failure!,
      ...Array.from({ length: 12 }, (_, k) => `    at step${k} (${test.file}:${k + 10}:7)`),
    );
  }
  return lines.join('\n');
}

/**
 * The collect backstop's cost now and before, per round: every evidence block masked with
 * the one redactor (redactString) and with the scanner's redactText, alternately, in a
 * process of its own, so neither is charged for the record's garbage.
 */
function backstopInChild(): { now: number[]; before: number[] } {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), BACKSTOP_ONLY], {
    encoding: 'utf8',
    env: { ...process.env, ...planted },
    maxBuffer: 16 << 20,
  });
  if (child.status !== 0) throw new Error(`backstop measurement failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { now: number[]; before: number[] };
}

function measureBackstop(evidenceJson: readonly string[]): { now: number[]; before: number[] } {
  const out = { now: [] as number[], before: [] as number[] };
  const measure = (mask: (json: string) => string) => {
    (globalThis as { gc?: () => void }).gc?.();
    return cpuOf(() => {
      for (const json of evidenceJson) mask(json);
    });
  };
  for (let round = 0; round <= ROUNDS; round++) {
    const [first, second] = round % 2 ? [redactString, redactText] : [redactText, redactString];
    const a = measure(first);
    const b = measure(second);
    if (round === 0) continue;
    out.now.push(first === redactString ? a : b);
    out.before.push(first === redactString ? b : a);
  }
  return out;
}

/** CPU time of `work`, in ms. */
function cpuOf(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const BACKSTOP_ONLY = '--backstop-only';
if (process.argv.includes(BACKSTOP_ONLY)) {
  const json = predicateWithLeaks().tests.flatMap((t) => t.evidence.map((e) => JSON.stringify(e)));
  process.stdout.write(JSON.stringify(measureBackstop(json)));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-redaction-'));
const loadBefore = loadavg();
const predicate = predicateWithLeaks();
const tests = reportedTests(predicate);
const evidenceJson = predicate.tests.flatMap((t) => t.evidence.map((e) => JSON.stringify(e)));
const log = terminalLog(predicate);

const runs: Array<ReturnType<typeof onTestRunEnd>> = [];
const backstop = backstopInChild();
const setup: number[] = [];
let redactor = createRunRedactor();
// Round 0 warms the JIT up. Each round starts on a collected heap, as a run's end starts on its own.
for (let round = 0; round <= ROUNDS; round++) {
  (globalThis as { gc?: () => void }).gc?.();
  setup.push(cpuOf(() => (redactor = redactorAfterRun(predicate))));
  const run = onTestRunEnd(tests, predicate, redactor, log, dir);
  if (round > 0) runs.push(run);
}
rmSync(dir, { recursive: true, force: true });
const loadAfter = loadavg();
const redacted = runs[runs.length - 1]!.masked;

const redactedJson = JSON.stringify(redacted);
const leaked =
  redactedJson.includes(Buffer.from(planted.SHOP_KEY).toString('base64')) || registered.some((v) => redactedJson.includes(Buffer.from(v).toString('hex')));
const pick = (key: 'learn' | 'collect' | 'pass' | 'sign' | 'output') => runs.map((r) => r[key]);
const record = median(runs.map((r) => r.learn + r.collect + r.pass + r.sign + r.output));
const pass = median(pick('pass'));
const learn = median(pick('learn'));
const backstopDelta = median(backstop.now) - median(backstop.before);
const output = median(pick('output'));
const added = learn + pass + Math.max(0, backstopDelta) + output;
const ratio = added / (record - added);

console.log(
  `${N.toLocaleString('en-US')} tests (${(redactedJson.length / 2 ** 20).toFixed(1)} MiB predicate, ${evidenceJson.length.toLocaleString('en-US')} evidence blocks), ${predicate.tests.filter((_, i) => i % 100 === 7).length} planted leaks; ` +
    `redactor: ${redactor.known.plain} plain forms (environment), ${redactor.known.fingerprinted} fingerprints (${REGISTERED} registered values). ` +
    `${ROUNDS} rounds after a warm-up, medians of CPU time (user + system); ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after.\n`,
);
const per = (xs: number[]) => xs.map((m) => m.toFixed(0)).join(', ');
console.log('| the reporter after the last test | CPU (median) | per round |');
console.log('|---|---:|---|');
console.log(`| **learnFromModules**: every fingerprint of the run | **${ms(learn)}** | ${per(pick('learn'))} |`);
console.log(`| collect 10,000 tests (evidence parsed, collect backstop), verdict | ${ms(median(pick('collect')))} | ${per(pick('collect'))} |`);
console.log(`| **redactPredicate**: mask the whole predicate | **${ms(pass)}** | ${per(pick('pass'))} |`);
console.log(`| statement, signing, record and report written | ${ms(median(pick('sign')))} | ${per(pick('sign'))} |`);
console.log(`| **write the held terminal output** (${(log.length / 1024).toFixed(0)} KiB), masked | **${ms(output)}** | ${per(pick('output'))} |`);
console.log(`| record time, all of the above | ${ms(record)} | |`);
console.log('');
console.log(
  `The collect backstop masks every evidence block (${(evidenceJson.reduce((n, j) => n + j.length, 0) / 2 ** 20).toFixed(1)} MiB) with the one redactor, where it used the scanner's redactText: ${ms(median(backstop.now))} against ${ms(median(backstop.before))} (measured alternately in a process of their own), **${ms(backstopDelta)}** more.`,
);
console.log(
  `During the run, not in record time: reading the environment, learning ${REGISTERED} registered values' fingerprints and masking each evidence block as it arrives took ${ms(median(setup))} in all.`,
);
console.log('');
console.log(
  `masked: ${redacted.tests.filter((t, i) => t !== predicate.tests[i]).length} test entries rewritten, the rest shared; planted values left in the predicate: ${leaked ? 'YES' : 'none'}`,
);
// The backstop is redundant now: redactPredicate masks every evidence string before signing.
const withoutBackstop = learn + pass + output - median(backstop.before);
console.log(
  `- ${ratio < 0.1 && !leaked ? 'met' : 'NOT met'}: redaction adds ${ms(added)}, ${(ratio * 100).toFixed(1)}% to the record time without it (budget under 10%)`,
);
console.log(
  `- with the collect backstop dropped (redactPredicate covers every evidence string): ${withoutBackstop <= 0 ? `${ms(-withoutBackstop)} less` : `${ms(withoutBackstop)}, ${((withoutBackstop / (record - added)) * 100).toFixed(1)}%, more`} than before`,
);
if (ratio >= 0.1 || leaked) process.exitCode = 1;
