import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { REPO } from '../docs/typecheck.js';

const VERSION: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { cwd: REPO, out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err };
}

/** Every flag each command takes, written out here so a flag missing from the usage fails. */
const FLAGS: Record<string, string[]> = {
  verify: ['--key', '--require-ready', '--environment', '--surface', '--commit', '--max-age', '--sandbox', '--sandbox-max-age-days', '--json'],
  report: ['--key', '--out', '-o'],
  keygen: ['--out', '--force'],
  init: ['--surface'],
  sandbox: ['--port', '--host', '--forward', '--max-attempts', '--backoff-ms'],
  'sandbox trigger': ['--sandbox', '--session'],
};

describe('every command answers --help and --version', () => {
  it.each(Object.keys(FLAGS))('%s --help exits 0 and lists every flag', async (command) => {
    const help = await run([...command.split(' '), '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(new RegExp(`^usage: 0bit-launch ${command} `));
    for (const flag of [...FLAGS[command]!, '--help', '-h', '--version']) expect(help.out).toMatch(new RegExp(`^  ${flag}\\b|, ${flag}\\b`, 'm'));
    expect((await run([...command.split(' '), '-h'])).out).toBe(help.out);
  });

  it.each(Object.keys(FLAGS))('%s --version prints the version and exits 0', async (command) => {
    expect(await run([...command.split(' '), '--version'])).toMatchObject({ code: 0, out: VERSION });
  });

  it('the bare command lists every command; --help exits 0, nothing exits 64', async () => {
    const overview = await run(['--help']);
    expect(overview.code).toBe(0);
    for (const command of Object.keys(FLAGS)) expect(overview.out).toContain(`0bit-launch ${command} `);
    expect(await run(['--version'])).toMatchObject({ code: 0, out: VERSION });
    expect((await run([])).code).toBe(64);
  });

  it.each([
    [['verify', 'r.json', '--key', 'k.pem', '--bogus'], /^0bit-launch verify: Unknown option '--bogus' \(see 0bit-launch verify --help\)$/],
    [['verify', 'r.json', '--key'], /^0bit-launch verify: Option '--key <value>' argument missing \(see 0bit-launch verify --help\)$/],
    [['report', 'r.json'], /^0bit-launch report: needs at least one --key/],
    [['keygen', 'extra'], /^0bit-launch keygen: takes no arguments/],
    [['init', '--force'], /^0bit-launch init: Unknown option '--force'/],
    [['sandbox', '--port', 'eighty'], /^0bit-launch sandbox: --port must be a port number/],
    [['sandbox', 'listen'], /^0bit-launch sandbox: unknown subcommand "listen"/],
    [['sandbox', 'trigger'], /^0bit-launch sandbox trigger: needs exactly one event TYPE/],
    [['frobnicate'], /^0bit-launch: unknown command "frobnicate"; commands: verify, report, keygen, init, sandbox/],
  ])('%j is a usage error: exit 64 and one line saying why', async (argv, reason) => {
    const r = await run(argv);
    expect(r.code).toBe(64);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(reason);
  });

  it('exits with those codes as a process too', async () => {
    const bin = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/bin.ts'), ...args], { cwd: REPO }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stdout: e.stderr }),
      );
    expect(await bin(['verify', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('--sandbox-max-age-days N') });
    expect(await bin(['keygen', '--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect((await bin(['report', '--nope'])).code).toBe(64);
  });
});
