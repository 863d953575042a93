import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PLUGIN_VERSION } from '../version.js';
import { EXIT, processIO, usageError, type CliIO } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

/** One command: its flags (for parseArgs and for --help), and what runs it. */
interface Command {
  synopsis: string;
  summary: string;
  /** Flag name → [value placeholder or '' for a boolean, what it does]. */
  flags: Record<string, [string, string]>;
  options: Options;
  run(parsed: Parsed, io: CliIO): Promise<number> | number;
}

const HELP: Options = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } };
const COMMON_FLAGS: Record<string, [string, string]> = {
  '--help, -h': ['', 'print this help and exit'],
  '--version': ['', 'print the 0bit-launch version and exit'],
};

/** Command implementations load on use, so `--help` never pulls in the sandbox or the report renderer. */
const COMMANDS: Record<string, Command> = {
  verify: {
    synopsis: 'verify RECORD --key PUB.pem [--key PUB2.pem …] [options]',
    summary: 'Verify a launch record’s signature and, with --require-ready, that it says ready for what you deploy.',
    flags: {
      '--key': ['FILE|PEM', 'a trusted public key (repeatable); a private key is refused'],
      '--require-ready': ['', 'exit 2 unless the record is ready'],
      '--environment': ['sandbox|live', 'the record must be for this environment'],
      '--surface': ['NAME', 'the record must be for this product surface'],
      '--commit': ['SHA', 'the record must be of this git commit (a prefix of 7+ hex digits is enough)'],
      '--max-age': ['DURATION', 'the run must have finished within this long ago: 90m, 12h, 7d'],
      '--sandbox': ['FILE', 'a sandbox record the live record must link'],
      '--sandbox-max-age-days': ['N', 'refuse a linked sandbox record older than N days (default 30)'],
      '--json': ['', 'print one JSON object instead of text'],
    },
    options: {
      key: { type: 'string', multiple: true },
      'require-ready': { type: 'boolean' },
      environment: { type: 'string' },
      surface: { type: 'string' },
      commit: { type: 'string' },
      'max-age': { type: 'string' },
      sandbox: { type: 'string' },
      'sandbox-max-age-days': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values, positionals }, io) {
      const { verifyArgs, runVerify } = await import('./verify.js');
      const args = verifyArgs(values, positionals);
      return typeof args === 'string' ? usageError(io, 'verify', args) : runVerify(args, io);
    },
  },
  report: {
    synopsis: 'report RECORD --key PUB.pem [-o FILE]',
    summary: 'Re-render the HTML evidence report from a record, after verifying it.',
    flags: {
      '--key': ['FILE|PEM', 'a trusted public key (repeatable)'],
      '--out, -o': ['FILE', 'where to write the report (default: launch-report.html beside the record)'],
    },
    options: { key: { type: 'string', multiple: true }, out: { type: 'string', short: 'o' } },
    async run({ values, positionals }, io) {
      const keys = (values.key as string[] | undefined) ?? [];
      if (positionals.length !== 1) return usageError(io, 'report', `needs exactly one RECORD, got ${positionals.length}`);
      if (keys.length === 0) return usageError(io, 'report', 'needs at least one --key');
      const { runReport } = await import('./report.js');
      return runReport({ record: positionals[0]!, keys, out: values.out as string | undefined }, io);
    },
  },
  keygen: {
    synopsis: 'keygen [--out DIR] [--force]',
    summary: 'Write an Ed25519 signing key pair: launch.key.pem (private) and launch.pub.pem (public).',
    flags: {
      '--out': ['DIR', 'where to write the pair (default: the current directory)'],
      '--force': ['', 'overwrite an existing pair'],
    },
    options: { out: { type: 'string' }, force: { type: 'boolean' } },
    async run({ values, positionals }, io) {
      if (positionals.length > 0) return usageError(io, 'keygen', `takes no arguments, got ${JSON.stringify(positionals[0])}`);
      const { runKeygen } = await import('./keygen.js');
      return runKeygen({ out: (values.out as string | undefined) ?? '.', force: values.force === true }, io);
    },
  },
  init: {
    synopsis: 'init [--surface NAME]',
    summary: 'Add the launch gate to the project in the current directory: config, starter specs, signing key, ignore entries.',
    flags: {
      '--surface': ['NAME', 'the product surface the flow launches on (e.g. 0gate); asked for when omitted on a terminal'],
    },
    options: { surface: { type: 'string' } },
    async run({ values, positionals }, io) {
      if (positionals.length > 0) return usageError(io, 'init', `takes no arguments, got ${JSON.stringify(positionals[0])}`);
      const { runInit } = await import('./init.js');
      return runInit({ surface: values.surface as string | undefined }, io);
    },
  },
  sandbox: {
    synopsis: 'sandbox [--port N] [--host ADDR] [--forward URL] [--max-attempts N] [--backoff-ms N]',
    summary: 'Run the simulated 0Bit sandbox as a process: its API over HTTP, and signed webhook deliveries to --forward (retries, dead letters).',
    flags: {
      '--port': ['N', 'the port to listen on (default 4100; 0 picks a free one)'],
      '--host': ['ADDR', 'the address to listen on (default 127.0.0.1)'],
      '--forward': ['URL', 'where to deliver signed webhooks, e.g. http://localhost:3000/webhooks/0bit'],
      '--max-attempts': ['N', 'failed attempts before an event is dead-lettered (default 5)'],
      '--backoff-ms': ['N', 'wait after the first failed attempt, doubling after each (default 1000)'],
    },
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      forward: { type: 'string' },
      'max-attempts': { type: 'string' },
      'backoff-ms': { type: 'string' },
    },
    async run({ values, positionals }, io) {
      if (positionals.length > 0)
        return usageError(io, 'sandbox', `unknown subcommand ${JSON.stringify(positionals[0])} (sandbox trigger TYPE sends an event)`);
      const { sandboxArgs, runSandbox } = await import('./sandbox.js');
      const args = sandboxArgs(values);
      return typeof args === 'string' ? usageError(io, 'sandbox', args) : runSandbox(args, io);
    },
  },
  'sandbox trigger': {
    synopsis: 'sandbox trigger TYPE [--sandbox URL] [--session ID]',
    summary: 'Make a running `0bit-launch sandbox` emit an event (session.completed, session.failed, session.expired) and deliver it.',
    flags: {
      '--sandbox': ['URL', 'the running sandbox (default $ZEROBIT_SANDBOX_URL, else http://127.0.0.1:4100)'],
      '--session': ['ID', 'move this open session (one your app created) instead of a new one'],
    },
    options: { sandbox: { type: 'string' }, session: { type: 'string' } },
    async run({ values, positionals }, io) {
      if (positionals.length !== 1) return usageError(io, 'sandbox trigger', `needs exactly one event TYPE, got ${positionals.length}`);
      const { runTrigger } = await import('./sandbox.js');
      return runTrigger({ type: positionals[0]!, sandbox: values.sandbox as string | undefined, session: values.session as string | undefined }, io);
    },
  },
};

const NAMES = Object.keys(COMMANDS);

/** Parses typed flags and calls the library; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(overview());
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(overview());
    return EXIT.ok;
  }
  if (first === '--version') {
    io.out(PLUGIN_VERSION);
    return EXIT.ok;
  }
  const name = first === 'sandbox' && rest[0] === 'trigger' ? 'sandbox trigger' : first;
  const command = COMMANDS[name];
  if (!command) return usageError(io, null, `unknown command ${JSON.stringify(first)}; commands: ${NAMES.filter((n) => !n.includes(' ')).join(', ')}`);
  const args = name === 'sandbox trigger' ? rest.slice(1) : rest;

  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options: { ...command.options, ...HELP }, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) throw error;
    return usageError(io, name, firstLine((error as Error).message));
  }
  if (parsed.values.help) {
    io.out(help(command));
    return EXIT.ok;
  }
  if (parsed.values.version) {
    io.out(PLUGIN_VERSION);
    return EXIT.ok;
  }
  return command.run(parsed, io);
}

/** parseArgs' messages may add advice about `--` positionals after the first sentence, which says what is wrong. */
function firstLine(message: string): string {
  return message.split(/\n|\. (?=To specify)/)[0]!.replace(/\.$/, '');
}

function help(command: Command): string {
  const flags = { ...command.flags, ...COMMON_FLAGS };
  const left = Object.entries(flags).map(([flag, [value]]) => (value ? `${flag} ${value}` : flag));
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = Object.values(flags).map(([, what], i) => `  ${left[i]!.padEnd(width)}${what}`);
  return [`usage: 0bit-launch ${command.synopsis}`, '', command.summary, '', 'options:', ...lines].join('\n');
}

function overview(): string {
  return [
    `0bit-launch ${PLUGIN_VERSION}: signed launch evidence for 0Bit integrations`,
    '',
    'usage:',
    ...NAMES.map((n) => `  0bit-launch ${COMMANDS[n]!.synopsis}`),
    '',
    'Every command answers --help and --version. The guide ships in node_modules/0bit-launch/docs/.',
  ].join('\n');
}
