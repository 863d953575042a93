import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import type { LaunchReporterOptions } from '../../src/reporter.js';
import LaunchReporter from '../../src/reporter.js';
import { envelopeSchema, type Envelope } from '../../src/record/schema.js';

export const GATE_FIXTURE = fileURLToPath(new URL('../fixtures/projects/gate', import.meta.url));

/** Collects output; ignores end() because Vitest pipes each worker's stdout into it. */
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

export interface GateRun {
  outDir: string;
  /** The statement's subjects (spec files and their digests). */
  subjects: Array<{ name: string; digest: Record<string, string> }>;
  output: string;
  /** Absent when the run wrote no record (then `output` says why). */
  envelope: Envelope;
  exitCode: number | undefined;
}

/**
 * Runs the gate fixture with Vitest's programmatic API and the launch reporter, with
 * `env` set for the workers; returns the written envelope and everything printed.
 */
export async function runGate(
  opts: {
    env?: Record<string, string>;
    filters?: string[];
    cli?: Record<string, unknown>;
    reporter?: LaunchReporterOptions;
    outDir?: string;
    config?: string;
    root?: string;
  } = {},
): Promise<GateRun> {
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'launch-e2e-'));
  const saved = { ...process.env };
  Object.assign(process.env, opts.env);
  const stdout = new Capture();
  const stderr = new Capture();
  try {
    const vitest = await startVitest(
      'test',
      opts.filters ?? [],
      {
        root: opts.root ?? GATE_FIXTURE,
        config: join(opts.root ?? GATE_FIXTURE, opts.config ?? 'vitest.config.ts'),
        watch: false,
        reporters: [new LaunchReporter({ ...opts.reporter, output: { dir: outDir }, terminal: true })],
        ...opts.cli,
      },
      {},
      { stdout, stderr },
    );
    await vitest.close();
    const recordPath = join(outDir, 'launch-record.json');
    const envelope = existsSync(recordPath) ? envelopeSchema.parse(JSON.parse(readFileSync(recordPath, 'utf8'))) : undefined;
    const subjects = envelope ? JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')).subject : [];
    return { outDir, subjects, output: stdout.text + stderr.text, envelope: envelope!, exitCode: process.exitCode as number | undefined };
  } finally {
    process.env = saved;
    process.exitCode = 0;
  }
}

/**
 * A private copy of the gate fixture beside it (same depth, so its relative imports hold),
 * for tests that change spec files: the shared fixture is read by other tests at once.
 */
export function copyGateFixture(): string {
  const root = join(dirname(GATE_FIXTURE), `.gate-${randomBytes(4).toString('hex')}`);
  cpSync(GATE_FIXTURE, root, { recursive: true, filter: (src) => !/(node_modules|launch-evidence)$/.test(src) });
  return root;
}

export function predicateOf(envelope: Envelope) {
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')).predicate;
}
