import { parseArgs } from 'node:util';
import { runVerify } from './verify.js';
import { runKeygen } from './keygen.js';
import { runReport } from './report.js';
import { EXIT, processIO, type CliIO } from './io.js';

const USAGE = `usage:
  0bit-launch verify RECORD --key PUB.pem [--key PUB2.pem] [--require-ready] [--json] [--sandbox SANDBOX_RECORD]
  0bit-launch report RECORD --key PUB.pem [-o FILE]
  0bit-launch keygen [--out DIR] [--force]
  0bit-launch init`;

/** Parses typed flags and calls the library; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'verify': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            key: { type: 'string', multiple: true, default: [] },
            'require-ready': { type: 'boolean', default: false },
            json: { type: 'boolean', default: false },
            sandbox: { type: 'string' },
            'sandbox-max-age-days': { type: 'string', default: '30' },
          },
        });
        if (positionals.length !== 1 || values.key.length === 0) return usage(io, 'verify needs one RECORD and at least one --key');
        const maxAge = Number(values['sandbox-max-age-days']);
        if (!(maxAge > 0)) return usage(io, '--sandbox-max-age-days must be a positive number');
        return runVerify(
          { record: positionals[0]!, keys: values.key, requireReady: values['require-ready'], json: values.json, sandbox: values.sandbox, sandboxMaxAgeDays: maxAge },
          io,
        );
      }
      case 'report': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { key: { type: 'string', multiple: true, default: [] }, out: { type: 'string', short: 'o' } },
        });
        if (positionals.length !== 1 || values.key.length === 0) return usage(io, 'report needs one RECORD and at least one --key');
        return runReport({ record: positionals[0]!, keys: values.key, out: values.out }, io);
      }
      case 'keygen': {
        const { values } = parseArgs({ args: rest, options: { out: { type: 'string', default: '.' }, force: { type: 'boolean', default: false } } });
        return runKeygen({ out: values.out, force: values.force }, io);
      }
      case 'init': {
        const { runInit } = await import('./init.js');
        return runInit(rest, io);
      }
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        return usage(io, `unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage(io, (error as Error).message);
    throw error;
  }
}

function usage(io: CliIO, problem: string): number {
  io.err(`0bit-launch: ${problem}\n${USAGE}`);
  return EXIT.usage;
}
