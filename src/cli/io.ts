/** Where CLI commands write; tests pass their own to capture output. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
};

/** Exit codes: sysexits' EX_USAGE for bad invocations. */
export const EXIT = { ok: 0, notVerified: 1, notReady: 2, usage: 64 } as const;
