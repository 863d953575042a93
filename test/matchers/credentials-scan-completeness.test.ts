/**
 * Issue 10 rule 6: a file of the client surface that could not be scanned fails the
 * matcher, naming the file and the option that leaves it out on purpose. Each fixture has
 * the live key in a place the old scanner skipped without failing (a binary-looking file,
 * a file over the size limit, an archive) or one thing it cannot read (a malformed map);
 * each fixture proves its bug with its own code first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CANARY } from '../fixtures/client/reference.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/client';
const repo = new URL('../..', import.meta.url).pathname;

describe('toBeServerSideOnly and files it cannot skip', { tags: ['launch:credentials'] }, () => {
  it('finds the live key in a binary-looking file (a PNG text chunk), which it reads byte for byte', async ({ task }) => {
    const png = readFileSync(`${fixtures}/key-in-binary/assets/logo.png`);
    expect(png.subarray(0, 8192).includes(0)).toBe(true); // what the old scanner took for binary and skipped
    expect(png.includes(LIVE_CANARY)).toBe(true);
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/key-in-binary` }));
    expect(message).toMatch(/test\/fixtures\/client\/key-in-binary\/assets\/logo\.png:\d+:\d+ {2}secret key sk_live_…9f2c — the key under test/);
    expect(message).not.toContain(LIVE_CANARY);
    expect(JSON.stringify(task.artifacts)).not.toContain(LIVE_CANARY);
  });

  it('fails on a file over maxFileBytes, naming it and both ways out; passes once it is excluded on purpose', async ({ task }) => {
    const vendor = `${fixtures}/key-in-large-file/assets/vendor.js`;
    expect(statSync(vendor).size).toBeGreaterThan(2048);
    expect(readFileSync(vendor, 'utf8')).toContain(LIVE_CANARY);
    const clientDir = `${fixtures}/key-in-large-file`;
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir, maxFileBytes: 2048 }));
    expect(message).toContain('the scan is incomplete: 1 file(s) of the client surface could not be scanned');
    expect(message).toContain(
      `not scanned: ${vendor} (too-large: ${statSync(vendor).size} bytes > maxFileBytes 2048) — raise maxFileBytes, or leave it out on purpose with exclude: ["assets/vendor.js"]`,
    );
    // Raised, the file is scanned and the key found; excluded, the matcher passes and the evidence says what was left out.
    expect(await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir }))).toMatch(/vendor\.js:2:\d+ {2}secret key sk_live_…9f2c/);
    await expect(LIVE_CANARY).toBeServerSideOnly({ clientDir, maxFileBytes: 2048, exclude: ['assets/vendor.js'] });
    const evidence = recordedEvidence(task).at(-1)!;
    expect(evidence.pass).toBe(true);
    expect(evidence.details.skipped).toEqual([{ file: vendor, reason: 'excluded', detail: 'assets/vendor.js' }]);
  });

  it('fails on an archive it cannot look into', async () => {
    const zip = readFileSync(`${fixtures}/key-in-archive/downloads/sdk.zip`);
    expect(zip.includes(LIVE_CANARY)).toBe(false); // deflated: not in the bytes
    const nameLength = zip.readUInt16LE(26);
    const entry = inflateRawSync(zip.subarray(30 + nameLength + zip.readUInt16LE(28), 30 + nameLength + zip.readUInt16LE(28) + zip.readUInt32LE(18)));
    expect(entry.toString()).toContain(LIVE_CANARY);
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/key-in-archive` }));
    expect(message).toContain(
      'not scanned: test/fixtures/client/key-in-archive/downloads/sdk.zip (archive: a zip archive: its files cannot be scanned without unpacking) — ship its files unpacked, or leave it out on purpose with exclude: ["downloads/sdk.zip"]',
    );
  });

  it('fails on a source map it cannot read as one', async () => {
    const map = readFileSync(`${fixtures}/invalid-source-map/assets/app.js.map`, 'utf8');
    expect(() => JSON.parse(map)).toThrow(SyntaxError);
    const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: `${fixtures}/invalid-source-map` }));
    expect(message).toMatch(
      /not scanned: test\/fixtures\/client\/invalid-source-map\/assets\/app\.js\.map \(invalid-source-map: scanned as text, but not a well-formed source map: it ends inside a string at byte \d+\)/,
    );
    expect(message).toContain('exclude: ["assets/app.js.map"]');
  });
});

describe('toBeServerSideOnly and what it must not follow or read', { tags: ['launch:credentials'] }, () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'client-links-'));
    outside = mkdtempSync(join(tmpdir(), 'server-config-'));
    cpSync(`${fixtures}/clean`, dir, { recursive: true });
    writeFileSync(join(outside, 'config.js'), `export const secretKey = "${LIVE_CANARY}";\n`);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('does not follow a symlink out of clientDir, and fails naming it', async () => {
    symlinkSync(join(outside, 'config.js'), join(dir, 'assets/config.js'));
    try {
      const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: dir }));
      expect(message).toContain(`(outside-root: links to ${join(outside, 'config.js')}, outside the scanned directory; not followed)`);
      expect(message).toContain('exclude: ["assets/config.js"]');
      expect(message).not.toContain('secret key'); // what it links to was not read
    } finally {
      rmSync(join(dir, 'assets/config.js'));
    }
  });

  it('refuses to read an env file that is a FIFO, instead of waiting on it forever', async () => {
    const fifo = join(dir, 'env-pipe');
    execFileSync('mkfifo', [fifo]);
    try {
      const message = await failure(expect(LIVE_CANARY).toBeServerSideOnly({ envFiles: [fifo] }));
      expect(message).toContain(`not scanned: ${fifo} (unreadable: not a regular file)`);
    } finally {
      rmSync(fifo);
    }
  });

  it('never reads a FIFO in the client dir (which would hang a reader), and lists it', async ({ task }) => {
    execFileSync('mkfifo', [join(dir, 'assets/pipe')]);
    try {
      await expect(LIVE_CANARY).toBeServerSideOnly({ clientDir: dir });
      expect(recordedEvidence(task)[0]?.details.skipped).toEqual([{ file: join(dir, 'assets/pipe'), reason: 'special-file', detail: 'a FIFO' }]);
    } finally {
      rmSync(join(dir, 'assets/pipe'));
    }
  });
});

describe('toBeServerSideOnly and an unreadable file', { tags: ['launch:credentials'] }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'client-unreadable-'));
    cpSync(`${fixtures}/clean`, dir, { recursive: true });
    writeFileSync(join(dir, 'assets/secret.js'), `export const secretKey = "${LIVE_CANARY}";\n`);
    chmodSync(join(dir, 'assets/secret.js'), 0o000);
    chmodSync(dir, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails naming the file it could not read', () => {
    // The spec runs in its own Vitest; as root, without the capabilities that read any file.
    const vitest = [
      process.execPath,
      join(repo, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      join(repo, 'test/fixtures/projects/unreadable'),
      '--reporter=verbose',
    ];
    const command = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...vitest] : vitest;
    const run = spawnSync(command[0]!, command.slice(1), {
      cwd: repo,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CLIENT_DIR: dir, LIVE_KEY: LIVE_CANARY, NO_COLOR: '1' },
    });
    const output = run.stdout + run.stderr;
    expect(run.status, output).toBe(1);
    expect(output).toContain(
      `not scanned: ${join(dir, 'assets/secret.js')} (unreadable: EACCES) — make it readable by the test run, or leave it out on purpose with exclude: ["assets/secret.js"]`,
    );
    expect(output).not.toContain(LIVE_CANARY);
  });
});
