import { readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Reporter, TestCase, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node';
import { DefaultReporter } from 'vitest/node';
import { parseLaunchOptions, runEnvironment, runSurface, type LaunchOptions, type ResolvedLaunchOptions } from './config.js';
import { optionsFor } from './plugin-context.js';
import { gitStateLater } from './git.js';
import { PLUGIN_VERSION } from './version.js';
import { assemblePredicate, collectModuleTests, collectRun } from './record/assemble.js';
import { EvidenceIntake, type CollectedTest } from './record/collect.js';
import { EVIDENCE_ARTIFACT_TYPE } from './evidence/types.js';
import { buildStatement, signStatementBytes } from './record/statement.js';
import { configuredSigner, ephemeralSigner, loadPublicKey } from './record/keys.js';
import { envelopeFile, type SignedBytes, type Signer } from './record/dsse.js';
import { linkSandboxRecord } from './record/sandbox-link.js';
import { BINDING_META_KEY, mergeFacts, specDigests } from './record/run-binding.js';
import { writeFilesAtomic } from './record/write.js';
import { loadWaivers } from './waivers.js';
import { renderReportChunks } from './report/html.js';
import { renderSummary } from './report/terminal.js';
import { isLaunchError, LaunchError } from './errors.js';
import { startRunRedaction, type RunRedaction } from './evidence/run-redaction.js';
import { redactPredicate } from './redaction/index.js';
import type { LaunchPredicate, RunFacts, Subject } from './record/schema.js';

export type LaunchReporterOptions = LaunchOptions & {
  /** Print Vitest's default progress too (default: only when no other reporter is configured). */
  terminal?: boolean;
};

type UnhandledErrors = Parameters<NonNullable<Reporter['onTestRunEnd']>>[1];

/** Where the signing key may come from in the environment; it never reaches a test worker. */
export const SIGNING_KEY_ENV = 'ZEROBIT_LAUNCH_SIGNING_KEY';

/**
 * The 0bit-launch reporter: Vitest's normal output, then the launch gate. At the end of
 * the run it turns tagged tests and their evidence into a signed launch record and report:
 * collect → decide → mask → sign → write. Evidence is checked as it arrives and each module
 * is collected when it ends, so the end does little more than decide, sign and write.
 */
export default class LaunchReporter implements Reporter {
  #vitest!: Vitest;
  readonly #own: LaunchReporterOptions;
  #terminal: Reporter | undefined;
  #signer!: Signer;
  #waivers: unknown[] = [];
  #startedAt = new Date();
  /** Spec digests taken when the run starts, before any test can rewrite its file. */
  #digests = new Map<string, string | null>();
  #runs = 0;
  #redaction!: RunRedaction;
  #evidence = new EvidenceIntake();
  /** Modules collected as they ended, with their fingerprints learned: the run's end does only the rest. */
  #ended = new Map<TestModule, CollectedTest[]>();

  constructor(options: LaunchReporterOptions = {}) {
    this.#own = options;
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
    this.#startedAt = new Date();
    // A bad option, key, environment or waiver file fails the run at once, not after every test ran.
    userFacing(() => {
      const options = this.#options();
      runEnvironment(options);
      this.#signer = takeSigner(options, vitest.config.root);
      this.#waivers = loadWaivers(options.waivers, vitest.config.root);
      // A run that dies or cannot write must not leave the previous run's record behind.
      removeOutputs(resolve(vitest.config.root, options.output.dir), options.output);
    });
    // One redactor for the run; from here on it masks Vitest's logger writes (before the terminal reporter binds them).
    this.#redaction = startRunRedaction(vitest, { shapes: this.#options().credentialShapes });
    const printing = vitest.config.reporters.some((r) => Array.isArray(r) && TERMINAL_REPORTERS.has(r[0] as string));
    if (this.#own.terminal ?? !printing) {
      this.#terminal = new DefaultReporter();
      this.#terminal.onInit?.(vitest);
    }
  }

  async onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    this.#startedAt = new Date();
    // A watch rerun starts afresh: evidence shared by an earlier run is let go (its artifacts are rechecked if they count again).
    this.#evidence = new EvidenceIntake();
    this.#ended = new Map();
    this.#digests = specDigests(specifications.map((s) => s.moduleId));
    await this.#terminal?.onTestRunStart?.(specifications);
  }

  /** A matcher's registered secrets arrive as fingerprints while its test runs; evidence is checked as it arrives. */
  onTestCaseArtifactRecord(test: TestCase, artifact: unknown): void {
    this.#redaction.learnArtifact(artifact, test);
    const arrived = artifact as { type?: unknown } | null;
    if (arrived && typeof arrived === 'object' && arrived.type === EVIDENCE_ARTIFACT_TYPE) this.#evidence.take(arrived as { type: string });
  }

  /** A module's results are final when it ends: it is collected now, while other modules run, not at the end. */
  onTestModuleEnd(module: TestModule): ReturnType<NonNullable<Reporter['onTestModuleEnd']>> {
    this.#redaction.learnFromModules([module]);
    this.#ended.set(module, collectModuleTests(module, this.#vitest.config.root, this.#evidence.checked));
    return this.#terminal?.onTestModuleEnd?.(module);
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: UnhandledErrors, reason: TestRunEndReason): Promise<void> {
    // Every fingerprint of the run is learned before anything prints results (a merge brings them in its blobs).
    this.#redaction.learnFromModules(modules.filter((m) => !this.#ended.has(m)));
    try {
      await this.#terminal?.onTestRunEnd?.(modules, unhandledErrors, reason);
      this.#runs++;
      await userFacing(() => this.#finishRun(modules, unhandledErrors.length, reason));
    } finally {
      // Output held during the run is written now, masked with everything the run taught.
      this.#redaction.release();
    }
  }

  async #finishRun(modules: ReadonlyArray<TestModule>, unhandledErrors: number, reason: TestRunEndReason): Promise<void> {
    const options = this.#options();
    const root = this.#vitest.config.root;
    const now = new Date();
    // Modules the run start did not announce (a merge) are hashed now: the merging checkout's bytes.
    for (const [file, digest] of specDigests(modules.map((m) => m.moduleId).filter((id) => !this.#digests.has(id)))) this.#digests.set(file, digest);
    // Git answers on another core while this one collects the tests.
    const gitLater = gitStateLater(root);
    const collected = collectRun(modules, root, this.#evidence.checked, this.#ended);
    const git = await gitLater;
    const environment = runEnvironment(options);
    const productSurface = runSurface(options);
    const subjects = specSubjects(this.#digests, modules, root, git?.commit ?? null);

    const run: RunFacts = {
      id: randomUUID(),
      startedAt: this.#startedAt.toISOString(),
      finishedAt: now.toISOString(),
      reason,
      unhandledErrors,
      suiteErrors: [],
      versions: { vitest: this.#vitest.version, node: process.version, plugin: PLUGIN_VERSION },
      git,
      filters: await this.#filters(modules),
      shards: this.#shards(modules, git?.commit ?? null),
      require: options.require,
      signer: { kind: this.#signer.kind, keyid: this.#signer.keyid },
    };
    run.suiteErrors = collected.suiteErrors;
    const predicate = assemblePredicate({
      collected,
      waivers: this.#waivers,
      now,
      environment,
      productSurface,
      compliance: options.complianceApproval ?? null,
      sandboxRecord: environment === 'live' ? this.#sandboxLink(options, productSurface, subjects, now) : null,
      run,
    });

    if (this.#vitest.config.watch && this.#runs > 1 && predicate.partial) {
      this.#vitest.logger.log('\n 0bit-launch: this watch rerun covered part of the suite; the launch record was left as it was (rerun all to replace it)\n');
      return;
    }
    this.#write(predicate, subjects, options);
    if (!predicate.ready && options.failOnNotReady) process.exitCode = 1;
  }

  /** Signs and writes the record, then the report (and the ephemeral public key), all or nothing. */
  #write(unmasked: LaunchPredicate, subjects: Subject[], options: ResolvedLaunchOptions): void {
    const root = this.#vitest.config.root;
    const outputDir = resolve(root, options.output.dir);
    // Everything signed, rendered or printed from here on is the masked predicate.
    const predicate = redactPredicate(unmasked, this.#redaction.redactor);
    const statement = buildStatement(subjects, predicate);
    // The signed bytes are kept only until they are written: nothing holds them while the report renders.
    const held: { signed?: SignedBytes; keyid: string; payloadDigest: string } = signStatementBytes(statement, this.#signer);
    const { keyid, payloadDigest } = held;
    const recordPath = join(outputDir, options.output.record);
    const files: Parameters<typeof writeFilesAtomic>[0][number][] = [
      {
        path: recordPath,
        data: () => {
          const pieces = envelopeFile(held.signed!);
          delete held.signed;
          return pieces;
        },
      },
      {
        path: join(outputDir, options.output.report),
        data: () => renderReportChunks({ predicate, keyid, payloadDigest, recordPath: relative(root, recordPath) }),
      },
    ];
    if (this.#signer.kind === 'ephemeral') files.push({ path: join(outputDir, EPHEMERAL_PUBLIC_KEY), data: this.#signer.publicKeyPem() });
    writeFilesAtomic(files);

    this.#vitest.logger.log(
      renderSummary({
        predicate,
        keyid,
        payloadDigest,
        written: files.map((f) => relative(process.cwd(), f.path)),
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      }),
    );
  }

  #options(): ResolvedLaunchOptions {
    const { terminal: _terminal, ...own } = this.#own;
    const fromPlugin = optionsFor(this.#vitest);
    if (Object.keys(own).length === 0 && fromPlugin) return fromPlugin;
    return parseLaunchOptions({ ...fromPlugin, ...own }, 'the 0bit-launch reporter');
  }

  #sandboxLink(options: ResolvedLaunchOptions, productSurface: string | null, subjects: Subject[], now: Date) {
    const path = process.env.ZEROBIT_SANDBOX_RECORD ?? options.sandboxRecord;
    if (!path) return null;
    const root = this.#vitest.config.root;
    return linkSandboxRecord({
      path: resolve(root, path),
      trustedKeys: options.trustedKeys.map((k) => loadPublicKey(k, root)),
      productSurface: productSurface ?? 'unspecified',
      specs: subjects.filter((s) => s.digest.sha256 !== undefined),
      maxAgeDays: options.sandboxRecordMaxAgeDays,
      now,
    });
  }

  /**
   * What narrowed the run, judged against the config's own set of spec files and
   * projects, not the filtered one: CLI excludes, `--project`, `--changed`/`--related`,
   * and any included spec (positional filters, a failed import) that did not run.
   */
  async #filters(modules: ReadonlyArray<TestModule>): Promise<RunFacts['filters']> {
    const config = this.#vitest.config;
    const files: string[] = [];
    if (config.cliExclude?.length) files.push(`--exclude ${config.cliExclude.join(' ')}`);
    if (config.changed) files.push(`--changed${typeof config.changed === 'string' ? ` ${config.changed}` : ''}`);
    if (config.related?.length) files.push(`--related ${config.related.map((f) => relative(config.root, f)).join(' ')}`);
    if (!config.shard) {
      const ran = new Set(modules.map((m) => m.moduleId));
      const all = await this.#vitest.globTestSpecifications();
      const missing = [...new Set(all.map((s) => s.moduleId))].filter((id) => !ran.has(id)).map((id) => relative(config.root, id));
      if (missing.length) files.push(`not run: ${missing.join(', ')}`);
    }
    return {
      testNamePattern: config.testNamePattern ? String(config.testNamePattern) : null,
      files,
      projects: config.project ?? [],
      tagsFilter: config.tagsFilter ?? [],
      only: modules.some((m) => usesOnly(m.moduleId)),
    };
  }

  /** This run's shard, or the merged shards as the modules' own bindings tell them. */
  #shards(modules: ReadonlyArray<TestModule>, commit: string | null): RunFacts['shards'] {
    const config = this.#vitest.config;
    if (config.mergeReports) {
      const merged = mergeFacts(
        modules.map((m) => ({ moduleId: m.moduleId, binding: m.meta()[BINDING_META_KEY] })),
        this.#digests,
        commit,
        config.root,
      );
      return { shard: null, ...merged };
    }
    if (config.shard) return { shard: `${config.shard.index}/${config.shard.count}`, merged: 0, complete: false, mismatches: [] };
    return { shard: null, merged: 0, complete: true, mismatches: [] };
  }

  // Vitest's own progress output, hook by hook, when this reporter prints it.
  onTestModuleQueued: Reporter['onTestModuleQueued'] = (m) => this.#terminal?.onTestModuleQueued?.(m);
  onTestModuleCollected: Reporter['onTestModuleCollected'] = (m) => this.#terminal?.onTestModuleCollected?.(m);
  onTestModuleStart: Reporter['onTestModuleStart'] = (m) => this.#terminal?.onTestModuleStart?.(m);
  onTestCaseReady: Reporter['onTestCaseReady'] = (t) => this.#terminal?.onTestCaseReady?.(t);
  onTestCaseResult: Reporter['onTestCaseResult'] = (t) => this.#terminal?.onTestCaseResult?.(t);
  onTestCaseAnnotate: Reporter['onTestCaseAnnotate'] = (t, a) => this.#terminal?.onTestCaseAnnotate?.(t, a);
  onTestSuiteReady: Reporter['onTestSuiteReady'] = (s) => this.#terminal?.onTestSuiteReady?.(s);
  onTestSuiteResult: Reporter['onTestSuiteResult'] = (s) => this.#terminal?.onTestSuiteResult?.(s);
  onHookStart: Reporter['onHookStart'] = (h) => this.#terminal?.onHookStart?.(h);
  onHookEnd: Reporter['onHookEnd'] = (h) => this.#terminal?.onHookEnd?.(h);
  onUserConsoleLog: Reporter['onUserConsoleLog'] = (log) => this.#terminal?.onUserConsoleLog?.(log);
  onWatcherStart: Reporter['onWatcherStart'] = (files, errors) => this.#terminal?.onWatcherStart?.(files, errors);
  onWatcherRerun: Reporter['onWatcherRerun'] = (files, trigger) => this.#terminal?.onWatcherRerun?.(files, trigger);
  onServerRestart: Reporter['onServerRestart'] = (why) => this.#terminal?.onServerRestart?.(why);
  onProcessTimeout: Reporter['onProcessTimeout'] = () => this.#terminal?.onProcessTimeout?.();
  onTestRemoved: Reporter['onTestRemoved'] = (trigger) => this.#terminal?.onTestRemoved?.(trigger);
  onCoverage: Reporter['onCoverage'] = (coverage) => this.#terminal?.onCoverage?.(coverage);
}

const EPHEMERAL_PUBLIC_KEY = 'launch-signing.pub.pem';

/** Built-in reporters that already print progress; with one of them configured we do not. */
const TERMINAL_REPORTERS = new Set(['default', 'verbose', 'dot', 'tree', 'minimal', 'agent', 'tap', 'tap-flat', 'basic']);

/**
 * Reads the signing key in the main process and takes it out of the environment before
 * any worker starts, so test code cannot read it and re-sign an edited record. A key
 * given as a file path stays readable by tests; docs/record.md says why PEM text is better.
 */
function takeSigner(options: ResolvedLaunchOptions, root: string): Signer {
  const fromEnv = process.env[SIGNING_KEY_ENV];
  delete process.env[SIGNING_KEY_ENV];
  const source = fromEnv || options.signingKey;
  // Without a key a run signs with a throwaway one; a live record so signed is never ready (verdict.ts).
  return source ? configuredSigner(source, root) : ephemeralSigner();
}

/** The previous run's record, report and ephemeral key, if any. */
function removeOutputs(dir: string, output: ResolvedLaunchOptions['output']): void {
  for (const name of [output.record, output.report, EPHEMERAL_PUBLIC_KEY]) {
    try {
      rmSync(join(dir, name), { force: true });
    } catch (cause) {
      // A path through a file holds no record; writing there fails later with its own message.
      if ((cause as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
      throw new LaunchError(
        'OUTPUT_UNWRITABLE',
        `cannot remove the previous ${name} in ${dir} (${(cause as Error).message}); a stale record must not outlive this run`,
        { cause },
      );
    }
  }
}

/** Subjects: every spec file with the digest taken at the start of the run, and the git commit. */
function specSubjects(digests: ReadonlyMap<string, string | null>, modules: ReadonlyArray<TestModule>, root: string, commit: string | null): Subject[] {
  const ran = new Set(modules.map((m) => m.moduleId));
  const subjects: Subject[] = [...digests]
    .filter(([file, digest]) => ran.has(file) && digest !== null)
    .map(([file, digest]) => ({ name: relative(root, file).split('\\').join('/'), digest: { sha256: digest! } }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (commit) subjects.push({ name: 'git+commit', digest: { gitCommit: commit } });
  return subjects;
}

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
