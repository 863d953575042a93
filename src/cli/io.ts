import { isLaunchError, type LaunchErrorDomain } from '../errors.js';

/** Where CLI commands write; tests pass their own to capture output. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  /** Asks the person at the terminal; absent when no one can answer (not a TTY, tests). */
  ask?(question: string): Promise<string | undefined>;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  ask: process.stdin.isTTY ? askOnTerminal : undefined,
};

async function askOnTerminal(question: string): Promise<string | undefined> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Exit codes: sysexits' EX_USAGE for bad invocations. */
export const EXIT = { ok: 0, notVerified: 1, notReady: 2, key: 3, usage: 64 } as const;

/**
 * The exit status of a command that refused a record, by the error's domain, so `verify`
 * and `report` exit alike for the same cause: 3 when the trusted key is the problem (missing,
 * not an Ed25519 public key, or not the key that signed), else 1 (the record is not verified).
 */
const EXIT_BY_DOMAIN: Partial<Record<LaunchErrorDomain, number>> = { key: EXIT.key };

/** Prints a refusal as one line, `error CODE: message`, and returns its exit status. */
export function launchFailure(io: CliIO, error: unknown): number {
  const code = isLaunchError(error) ? error.code : 'ERROR';
  io.err(`error ${code}: ${(error as Error).message}`);
  return exitFor(error);
}

export function exitFor(error: unknown): number {
  return (isLaunchError(error) ? EXIT_BY_DOMAIN[error.domain] : undefined) ?? EXIT.notVerified;
}

/** A bad invocation: one line naming what is wrong, and where the help is. Exit 64 (EX_USAGE). */
export function usageError(io: CliIO, command: string | null, problem: string): number {
  const prefix = command ? `0bit-launch ${command}` : '0bit-launch';
  io.err(`${prefix}: ${problem} (see ${prefix} --help)`);
  return EXIT.usage;
}
