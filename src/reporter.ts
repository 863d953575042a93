import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { SerializedError } from '@vitest/utils';
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { DefaultReporter } from 'vitest/node';
import { parseLaunchOptions, type LaunchOptions, type ResolvedLaunchOptions } from './config.js';
import { optionsFor } from './plugin.js';
import { gitState } from './git.js';
import { PLUGIN_VERSION } from './version.js';
import { collectTest, type CollectedTest, type ReportedTest } from './record/collect.js';
import { decideVerdict } from './record/verdict.js';
import { buildStatement, signStatement, specSubjects } from './record/statement.js';
import { configuredSigner, ephemeralSigner, loadPublicKey } from './record/keys.js';
import { linkSandboxRecord } from './record/sandbox-link.js';
import { writeFilesAtomic } from './record/write.js';
import { applyWaivers, loadWaivers } from './waivers.js';
import { renderReportChunks } from './report/html.js';
import { renderSummary } from './report/terminal.js';
import { redactString } from './evidence/redact.js';
import { isLaunchError } from './errors.js';
import { redactPredicate, startRunRedaction, type RunRedaction } from './redaction/index.js';
import type { Envelope, Environment, LaunchPredicate, RunFacts, TestResult } from './record/schema.js';

export type LaunchReporterOptions = LaunchOptions & {
  /** Print Vitest's default progress too (default: only when no other reporter is configured). */
  terminal?: boolean;
};

/**
 * The 0bit-launch reporter: Vitest's normal output, then the launch gate. At the end of
 * the run it turns tagged tests and their evidence into a signed launch record and report.
 */
export default class LaunchReporter implements Reporter {
  private vitest!: Vitest;
  private readonly ownOptions: LaunchReporterOptions;
  private terminal: Reporter | undefined;
  private signerForRun!: ReturnType<typeof ephemeralSigner>;
  private waiverList: unknown[] = [];
  private startedAt = new Date();
  private redaction!: RunRedaction;

  constructor(options: LaunchReporterOptions = {}) {
    this.ownOptions = options;
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.startedAt = new Date();
    // A bad option, key or waiver file fails the run at once, not after every test ran.
    userFacing(() => {
      const options = this.resolveOptions();
      this.signerForRun = this.signer(options, vitest.config.root);
      this.waiverList = loadWaivers(options.waivers, vitest.config.root);
    });
    // [redaction] One redactor for the run; from here on it masks all Vitest's logger writes (before the terminal reporter binds them).
    this.redaction = startRunRedaction(vitest, { shapes: this.resolveOptions().credentialShapes });
    const printing = vitest.config.reporters.some((r) => Array.isArray(r) && TERMINAL_REPORTERS.has(r[0] as string));
    if (this.ownOptions.terminal ?? !printing) {
      this.terminal = new DefaultReporter();
      this.terminal.onInit?.(vitest);
    }
    for (const hook of TERMINAL_HOOKS) {
      const fn = (this.terminal as Record<string, unknown> | undefined)?.[hook];
      if (typeof fn === 'function') (this as Record<string, unknown>)[hook] = fn.bind(this.terminal);
    }
  }

  /** [redaction] A matcher's registered secrets arrive as fingerprints while its test runs. */
  onTestCaseArtifactRecord(test: TestCase, artifact: unknown): void {
    this.redaction.learnArtifact(artifact, test);
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    // [redaction] Every fingerprint of the run is learned before anything prints results.
    this.redaction.learnFromModules(modules);
    try {
      await this.terminal?.onTestRunEnd?.(modules, unhandledErrors, reason);
      await userFacing(() => this.writeRecord(modules, unhandledErrors, reason));
    } finally {
      // [redaction] Output held during the run is written now, masked with everything the run taught.
      this.redaction.release();
    }
  }

  private async writeRecord(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    const options = this.resolveOptions();
    const root = this.vitest.config.root;
    const outputDir = resolve(root, options.output.dir);
    const environment: Environment = options.environment ?? (process.env.ZEROBIT_ENV === 'live' ? 'live' : 'sandbox');
    const signer = this.signerForRun;

    const collected: CollectedTest[] = [];
    const suiteErrors: RunFacts['suiteErrors'] = [];
    for (const module of modules) {
      const file = relative(root, module.moduleId).split('\\').join('/');
      for (const error of module.errors()) suiteErrors.push({ file, name: 'module', message: redactString(error.message ?? String(error)) });
      for (const suite of module.children.allSuites()) {
        for (const error of suite.errors()) suiteErrors.push({ file, name: suite.fullName, message: redactString(error.message ?? String(error)) });
      }
      for (const test of module.children.allTests()) collected.push(collectTest(test as unknown as ReportedTest, module.moduleId, root));
    }

    const now = new Date();
    const waived = applyWaivers(collected, this.waiverList, now);
    const tests: TestResult[] = collected.flatMap((t) =>
      t.areas.map((area) => ({
        id: t.id,
        fullName: t.fullName,
        file: t.file,
        line: t.line,
        column: t.column,
        area,
        state: t.state,
        durationMs: t.durationMs,
        failure: t.failure,
        waiver: waived.byTestId.get(t.id),
        evidence: t.evidence,
      })),
    );
    const untagged = collected.filter((t) => t.areas.length === 0).map((t) => ({ id: t.id, fullName: t.fullName, file: t.file, state: t.state }));

    const productSurface = options.productSurface ?? process.env.ZEROBIT_PRODUCT_SURFACE ?? 'unspecified';
    const sandboxRecordPath = process.env.ZEROBIT_SANDBOX_RECORD ?? options.sandboxRecord;
    const sandboxRecord =
      environment === 'live' && sandboxRecordPath
        ? linkSandboxRecord({
            path: resolve(root, sandboxRecordPath),
            trustedKeys: options.trustedKeys.map((k) => loadPublicKey(k, root)),
            productSurface,
            maxAgeDays: options.sandboxRecordMaxAgeDays,
            now,
          })
        : null;

    const run: RunFacts = {
      id: randomUUID(),
      startedAt: this.startedAt.toISOString(),
      finishedAt: now.toISOString(),
      reason,
      unhandledErrors: unhandledErrors.length,
      suiteErrors,
      versions: { vitest: this.vitest.version, node: process.version, plugin: PLUGIN_VERSION },
      git: gitState(root),
      filters: await this.filters(modules),
      shards: this.shards(),
      signer: { kind: signer.kind, keyid: signer.keyid },
    };
    const verdict = decideVerdict({
      environment,
      productSurface,
      tests,
      run,
      sandboxRecord,
      complianceApproved: options.complianceApproval !== undefined,
    });
    const predicate = {
      readiness: verdict.readiness,
      ready: verdict.ready,
      partial: verdict.partial,
      environment,
      notReadyReasons: verdict.notReadyReasons,
      areas: verdict.areas,
      tests,
      untagged,
      waivers: { used: waived.used, ignored: waived.ignored },
      compliance: options.complianceApproval ?? null,
      sandboxRecord,
      run,
    } satisfies LaunchPredicate;

    const specFiles = modules.map((m) => m.moduleId).filter((id) => isAbsolute(id));
    // [redaction] Names, messages, evidence, waivers and compliance text are masked before signing, with every fingerprint of the run.
    const statement = buildStatement(specSubjects(specFiles, root, run.git?.commit ?? null), redactPredicate(predicate, this.redaction.redactor));
    // Only the envelope is kept, and only until it is written: nothing holds the signed
    // bytes while the report renders.
    const signed: { envelope?: Envelope; keyid: string; payloadDigest: string } = signStatement(statement, signer);
    const { keyid, payloadDigest } = signed;
    const recordPath = join(outputDir, options.output.record);
    const reportPath = join(outputDir, options.output.report);
    const files: Parameters<typeof writeFilesAtomic>[0][number][] = [
      {
        path: recordPath,
        data: () => {
          const text = `${JSON.stringify(signed.envelope, null, 2)}\n`;
          delete signed.envelope;
          return text;
        },
      },
      { path: reportPath, data: () => renderReportChunks({ predicate: statement.predicate, keyid, payloadDigest, recordPath: relative(root, recordPath) }) },
    ];
    if (signer.kind === 'ephemeral') files.push({ path: join(outputDir, 'launch-signing.pub.pem'), data: signer.publicKeyPem() });
    writeFilesAtomic(files);

    this.vitest.logger.log(
      renderSummary({
        predicate: statement.predicate,
        keyid,
        payloadDigest,
        written: files.map((f) => relative(process.cwd(), f.path)),
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      }),
    );
  }

  private resolveOptions(): ResolvedLaunchOptions {
    const { terminal: _terminal, ...own } = this.ownOptions;
    const fromPlugin = optionsFor(this.vitest);
    if (Object.keys(own).length === 0 && fromPlugin) return fromPlugin;
    return parseLaunchOptions({ ...fromPlugin, ...own }, 'the 0bit-launch reporter');
  }

  private signer(options: ResolvedLaunchOptions, root: string) {
    const source = process.env.ZEROBIT_LAUNCH_SIGNING_KEY || options.signingKey;
    if (source) return configuredSigner(source, root);
    // Without a key a run signs with a throwaway one; a live record so signed is never ready (verdict.ts).
    return ephemeralSigner();
  }

  private async filters(modules: ReadonlyArray<TestModule>): Promise<RunFacts['filters']> {
    const config = this.vitest.config;
    const explicit = (this.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
    const ran = new Set(modules.map((m) => m.moduleId));
    let missing: string[] = [];
    if (!config.shard) {
      // Any spec the config includes but the run did not cover narrows the run, whatever flag did it.
      const all = await this.vitest.globTestSpecifications();
      missing = [...new Set(all.map((s) => s.moduleId))].filter((id) => !ran.has(id)).map((id) => relative(config.root, id));
    }
    return {
      testNamePattern: config.testNamePattern ? String(config.testNamePattern) : null,
      files: explicit.length ? explicit : missing.length ? [`(not run: ${missing.join(', ')})`] : [],
      tagsFilter: config.tagsFilter ?? [],
      only: modules.some((m) => usesOnly(m.moduleId)),
    };
  }

  private shards(): RunFacts['shards'] {
    const config = this.vitest.config;
    if (config.mergeReports) {
      const dir = resolve(config.root, config.mergeReports);
      const blobs = readdirSync(dir).filter((f) => /^blob.*\.json$/.test(f));
      const parsed = blobs.map((f) => /^blob-(\d+)-(\d+)\.json$/.exec(f)).filter((m) => m !== null);
      const count = parsed[0] ? Number(parsed[0][2]) : blobs.length;
      const indexes = new Set(parsed.map((m) => Number(m[1])));
      const complete = parsed.length === blobs.length && Array.from({ length: count }, (_, i) => i + 1).every((i) => indexes.has(i));
      return { shard: null, merged: blobs.length, complete };
    }
    if (config.shard) return { shard: `${config.shard.index}/${config.shard.count}`, merged: 0, complete: false };
    return { shard: null, merged: 0, complete: true };
  }
}

/** Built-in reporters that already print progress; with one of them configured we do not. */
const TERMINAL_REPORTERS = new Set(['default', 'verbose', 'dot', 'tree', 'minimal', 'agent', 'tap', 'tap-flat', 'basic']);

/** Hooks forwarded to Vitest's default reporter so its normal output is kept. */
const TERMINAL_HOOKS = [
  'onTestRunStart',
  'onTestModuleQueued',
  'onTestModuleCollected',
  'onTestModuleStart',
  'onTestModuleEnd',
  'onTestCaseReady',
  'onTestCaseResult',
  'onTestSuiteReady',
  'onTestSuiteResult',
  'onHookStart',
  'onHookEnd',
  'onUserConsoleLog',
  'onWatcherStart',
  'onWatcherRerun',
  'onServerRestart',
  'onProcessTimeout',
  'onTestRemoved',
  'onCoverage',
] as const;

/**
 * Our own errors already say what is wrong and how to fix it; a stack into the reporter
 * would only bury that line, so it is dropped.
 */
function userFacing<T>(work: () => T): T {
  const trim = (error: unknown) => {
    if (isLaunchError(error)) error.stack = `${error.name} [${error.code}]: ${error.message}`;
    throw error;
  };
  try {
    const result = work();
    return (result instanceof Promise ? result.catch(trim) : result) as T;
  } catch (error) {
    return trim(error);
  }
}

/**
 * Vitest turns `.only` into plain run/skip modes before reporting, so the reporter reads
 * the spec source instead. With CI=true Vitest also refuses `.only` on its own.
 */
function usesOnly(file: string): boolean {
  try {
    return /\b(?:it|test|describe|suite)(?:\.\w+)*\.only\b/.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
