import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPath } from '../../src/scan/tree.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const repo = new URL('../..', import.meta.url).pathname;

/** Where `needle` first occurs in `text`, as 1-based line and column: the test's own reference. */
function positionOf(text: string, needle: string): [number, number] {
  const at = text.indexOf(needle);
  const before = text.slice(0, at);
  return [before.split('\n').length, at - before.lastIndexOf('\n')];
}

const logo = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01', 'latin1'), Buffer.from(`tEXtComment\0${KEY}`), Buffer.alloc(16)]);
const broken = `{"version":3,"sources":["a.ts"],"names":["${KEY}"],"sourcesContent":["export {}`;

describe('scanPath on a tree', () => {
  let root: string;
  let outside: string;
  let socket: Server;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'scan-tree-'));
    outside = mkdtempSync(join(tmpdir(), 'scan-outside-'));
    writeFileSync(join(outside, 'secret.js'), `export const k = "${KEY}";\n`);
    mkdirSync(join(root, 'assets/nested'), { recursive: true });
    writeFileSync(join(root, 'index.html'), `<script>var k = "${KEY}"</script>\n`);
    writeFileSync(join(root, 'assets/app.css'), 'body{color:red}\n');
    writeFileSync(join(root, 'assets/logo.png'), logo);
    writeFileSync(join(root, 'assets/huge.js'), `${'x'.repeat(5000)}${KEY}`);
    writeFileSync(join(root, '.env.production'), `VITE_KEY=${KEY}\n`);
    writeFileSync(join(root, 'assets/app.js.gz'), gzipSync(`// gz\nconst k = "${KEY}";\n`));
    writeFileSync(join(root, 'assets/app.js.br'), brotliCompressSync(`// br\n\nconst k = "${KEY}";\n`));
    writeFileSync(join(root, 'assets/stale.js.br'), 'not brotli at all');
    writeFileSync(join(root, 'downloads.zip'), Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]));
    writeFileSync(join(root, 'assets/broken.js.map'), broken);
    writeFileSync(
      join(root, 'assets/app.js.map'),
      JSON.stringify({
        version: 3,
        sources: ['src/a.ts', 'src/config.ts'],
        sourcesContent: ['export {}\n', `// config\nexport const k = '${KEY}';\n`],
        mappings: 'AAAA',
      }),
    );
    symlinkSync('..', join(root, 'assets/nested/loop'));
    symlinkSync('does-not-exist.js', join(root, 'assets/dangling.js'));
    symlinkSync(join(outside, 'secret.js'), join(root, 'assets/linked-out.js'));
    symlinkSync(outside, join(root, 'linked-dir'));
    symlinkSync('/proc/self/environ', join(root, 'assets/environ.js'));
    symlinkSync('../index.html', join(root, 'assets/index-link.html'));
    execFileSync('mkfifo', [join(root, 'assets/pipe')]);
    socket = createServer();
    await new Promise<void>((done) => socket.listen(join(root, 'assets/sock'), done));
  });
  afterAll(() => {
    socket.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('scans every regular file byte for byte, reports what it cannot scan, and lists what it does not read', async () => {
    const report = await scanPath(root, { relativeTo: root, maxFileBytes: 4096, knownSecrets: [KEY] });
    expect([...report.scanned].sort()).toEqual([
      '.env.production',
      'assets/app.css',
      'assets/app.js.br',
      'assets/app.js.gz',
      'assets/app.js.map',
      'assets/broken.js.map',
      'assets/index-link.html',
      'assets/logo.png',
      'index.html',
    ]);
    expect(report.unscanned.map((u) => [u.file, u.reason, u.excludeAs]).sort()).toEqual([
      ['assets/broken.js.map', 'invalid-source-map', 'assets/broken.js.map'],
      ['assets/environ.js', 'outside-root', 'assets/environ.js'],
      ['assets/huge.js', 'too-large', 'assets/huge.js'],
      ['assets/linked-out.js', 'outside-root', 'assets/linked-out.js'],
      ['assets/stale.js.br', 'unreadable', 'assets/stale.js.br'],
      ['downloads.zip', 'archive', 'downloads.zip'],
      ['linked-dir', 'outside-root', 'linked-dir'],
    ]);
    expect(report.skipped.map((s) => [s.file, s.reason]).sort()).toEqual([
      ['assets/dangling.js', 'dangling-symlink'],
      ['assets/nested/loop', 'symlink-loop'],
      ['assets/pipe', 'special-file'],
      ['assets/sock', 'special-file'],
    ]);
    const where = report.findings.map((f) => [f.file, f.source, f.line, f.column]);
    expect(where).toEqual(
      expect.arrayContaining([
        ['.env.production', undefined, 1, 10],
        ['assets/app.js.map', 'src/config.ts', 2, 19],
        ['index.html', undefined, 1, 18],
        ['assets/index-link.html', undefined, 1, 18],
        ['assets/app.js.gz', undefined, 2, 12],
        ['assets/app.js.br', undefined, 3, 12],
        ['assets/logo.png', undefined, ...positionOf(logo.toString('latin1'), KEY)],
        ['assets/broken.js.map', undefined, 1, positionOf(broken, KEY)[1]],
      ]),
    );
    expect(report.findings).toHaveLength(8);
    // Symlinks out of the tree are named, not followed: the key in their targets is not reported.
    expect(report.unscanned.find((u) => u.file === 'assets/linked-out.js')?.detail).toContain('not followed');
  });

  it('reports a compressed file that inflates past maxFileBytes as too large', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-bomb-'));
    try {
      writeFileSync(join(dir, 'bomb.js.gz'), gzipSync('a'.repeat(64 * 1024)));
      const report = await scanPath(dir, { relativeTo: dir, maxFileBytes: 4096 });
      expect(report.unscanned).toEqual([
        { file: 'bomb.js.gz', reason: 'too-large', detail: 'inflates to more than maxFileBytes 4096', excludeAs: 'bomb.js.gz' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves out, and lists, what `exclude` names on purpose', async () => {
    const exclude = ['assets/huge.js', 'downloads.zip', 'assets/*.br', 'assets/broken.js.map', 'assets/linked-out.js', 'assets/environ.js', 'linked-dir'];
    const report = await scanPath(root, { relativeTo: root, maxFileBytes: 4096, exclude });
    expect(report.unscanned).toEqual([]);
    expect(
      report.skipped
        .filter((s) => s.reason === 'excluded')
        .map((s) => [s.file, s.detail])
        .sort(),
    ).toEqual([
      ['assets/app.js.br', 'assets/*.br'],
      ['assets/broken.js.map', 'assets/broken.js.map'],
      ['assets/environ.js', 'assets/environ.js'],
      ['assets/huge.js', 'assets/huge.js'],
      ['assets/linked-out.js', 'assets/linked-out.js'],
      ['assets/stale.js.br', 'assets/*.br'],
      ['downloads.zip', 'downloads.zip'],
      ['linked-dir', 'linked-dir'],
    ]);
  });

  it('never opens a FIFO, which would hold a plain reader forever (positive control)', async () => {
    const fifo = join(root, 'assets/pipe');
    const reader = spawnSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(fifo)})`], { timeout: 1500 });
    expect(reader.error && (reader.error as NodeJS.ErrnoException).code).toBe('ETIMEDOUT');
    const report = await scanPath(join(root, 'assets'), { relativeTo: root });
    expect(report.skipped).toContainEqual({ file: 'assets/pipe', reason: 'special-file', detail: 'a FIFO' });
  });

  it('throws for a missing root (a caller typo), and refuses a pseudo-filesystem or a special file as the root', async () => {
    await expect(scanPath(join(root, 'nope'))).rejects.toMatchObject({ code: 'SCAN_UNREADABLE', message: expect.stringMatching(/ENOENT/) });
    symlinkSync('loop', join(root, 'loop'));
    await expect(scanPath(join(root, 'loop'))).rejects.toMatchObject({ code: 'SCAN_UNREADABLE', message: expect.stringMatching(/ELOOP/) });
    await expect(scanPath('/proc/self')).rejects.toMatchObject({ code: 'SCAN_ROOT_INVALID' });
    await expect(scanPath('/sys/kernel')).rejects.toMatchObject({ code: 'SCAN_ROOT_INVALID', message: expect.stringMatching(/sysfs/) });
    await expect(scanPath(join(root, 'assets/pipe'))).rejects.toMatchObject({ code: 'SCAN_ROOT_INVALID', message: expect.stringMatching(/FIFO/) });
  });
});

describe('a pseudo-filesystem mounted inside the tree', () => {
  // Mounting needs a private mount namespace (unshare -m), which a container may not grant.
  const canMount = spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status === 0;

  it.skipIf(!canMount)('is not entered, and is listed', () => {
    const root = mkdtempSync(join(tmpdir(), 'scan-pseudo-'));
    try {
      mkdirSync(join(root, 'proc'));
      writeFileSync(join(root, 'app.js'), 'console.log(1)\n');
      const script = `import { scanPath } from ${JSON.stringify(join(repo, 'src/scan/tree.ts'))};
        const r = await scanPath(${JSON.stringify(root)}, { relativeTo: ${JSON.stringify(root)} });
        console.log(JSON.stringify({ scanned: r.scanned.length, skipped: r.skipped, unscanned: r.unscanned }));`;
      const shell = `mount -t proc proc ${JSON.stringify(join(root, 'proc'))} && ls ${JSON.stringify(join(root, 'proc'))} | grep -q '^self$' && exec ${JSON.stringify(process.execPath)} --import tsx --input-type=module -e '${script.replace(/'/g, "'\\''")}'`;
      const child = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', shell], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
      expect(child.status, child.stderr).toBe(0);
      expect(JSON.parse(child.stdout)).toEqual({ scanned: 1, skipped: [{ file: 'proc', reason: 'pseudo-filesystem', detail: 'proc' }], unscanned: [] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('an unreadable file', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'scan-unreadable-'));
    chmodSync(root, 0o755);
    writeFileSync(join(root, 'app.js'), 'console.log(1)\n');
    writeFileSync(join(root, 'secret.js'), `const k = "${KEY}";\n`);
    chmodSync(join(root, 'secret.js'), 0o000);
    mkdirSync(join(root, 'locked'));
    writeFileSync(join(root, 'locked/inner.js'), `const k = "${KEY}";\n`);
    chmodSync(join(root, 'locked'), 0o000);
  });
  afterAll(() => {
    chmodSync(join(root, 'locked'), 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it('is reported as not scanned, with the directory it sits in when that cannot be listed', () => {
    // Root reads anything: the scan runs in a child without the capabilities that let it.
    const script = `import { scanPath } from ${JSON.stringify(join(repo, 'src/scan/tree.ts'))};
      const r = await scanPath(${JSON.stringify(root)}, { relativeTo: ${JSON.stringify(root)} });
      console.log(JSON.stringify({ scanned: r.scanned, unscanned: r.unscanned, findings: r.findingCount }));`;
    const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...node] : node;
    const child = spawnSync(command[0]!, command.slice(1), { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout) as { scanned: string[]; unscanned: Array<{ file: string; reason: string; detail: string }>; findings: number };
    expect(result.scanned).toEqual(['app.js']);
    expect(result.unscanned).toEqual([
      { file: 'secret.js', reason: 'unreadable', detail: 'EACCES', excludeAs: 'secret.js' },
      { file: 'locked', reason: 'unreadable', detail: 'EACCES', excludeAs: 'locked' },
    ]);
    expect(result.findings).toBe(0);
  });
});
