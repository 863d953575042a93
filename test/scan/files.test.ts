import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPath } from '../../src/scan/tree.js';
import { scanText, WINDOW_OVERLAP } from '../../src/scan/text.js';
import { parseEnv, publicEnvExposures } from '../../src/scan/env-files.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

describe('scanText', () => {
  it('locates findings by 1-based line and column and masks them', () => {
    const [f] = scanText(`line one\n  const k = "${KEY}";\n`, { file: 'a.js' });
    expect(f).toMatchObject({ kind: 'secret_key', file: 'a.js', line: 2, column: 14, masked: 'sk_live_…p7dc', environment: 'live', known: false });
    expect(JSON.stringify(f)).not.toContain(KEY);
  });
});

describe('scanPath on a tree', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'scan-tree-'));
    mkdirSync(join(root, 'assets/nested'), { recursive: true });
    writeFileSync(join(root, 'index.html'), `<script>var k = "${KEY}"</script>\n`);
    writeFileSync(join(root, 'assets/app.css'), 'body{color:red}\n');
    writeFileSync(join(root, 'assets/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]));
    writeFileSync(join(root, 'assets/huge.js'), 'x'.repeat(5000));
    writeFileSync(join(root, '.env.production'), `VITE_KEY=${KEY}\n`);
    writeFileSync(
      join(root, 'assets/app.js.map'),
      JSON.stringify({ version: 3, sources: ['src/a.ts', 'src/config.ts'], sourcesContent: ['export {}\n', `// config\nexport const k = '${KEY}';\n`], mappings: 'AAAA' }),
    );
    symlinkSync('..', join(root, 'assets/nested/loop'));
    symlinkSync('does-not-exist.js', join(root, 'assets/dangling.js'));
    execFileSync('mkfifo', [join(root, 'assets/pipe')]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('scans every text file, names the original source inside a source map, and lists what it skipped', async () => {
    const report = await scanPath(root, { relativeTo: root, maxFileBytes: 4096 });
    expect(report.scanned.sort()).toEqual(['.env.production', 'assets/app.css', 'assets/app.js.map', 'index.html']);
    expect(report.skipped.map((s) => [s.file, s.reason]).sort()).toEqual([
      ['assets/dangling.js', 'unreadable'],
      ['assets/huge.js', 'too-large'],
      ['assets/logo.png', 'binary'],
      ['assets/nested/loop', 'symlink-loop'],
      ['assets/pipe', 'not-a-file'],
    ]);
    const where = report.findings.map((f) => [f.file, f.source, f.line, f.column]);
    expect(where).toEqual(
      expect.arrayContaining([
        ['.env.production', undefined, 1, 10],
        ['assets/app.js.map', 'src/config.ts', 2, 19],
        ['index.html', undefined, 1, 18],
      ]),
    );
    expect(report.findings).toHaveLength(3);
  });

  it('throws for a missing root (a caller typo), never for a bad entry inside the tree', async () => {
    await expect(scanPath(join(root, 'nope'))).rejects.toThrow(/ENOENT/);
  });
});

describe('chunked scanning of large files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scan-chunks-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds values across window boundaries exactly once, at the right line and column', async () => {
    const chunkBytes = 2 * WINDOW_OVERLAP;
    // Place keys straddling the first window's owned end and the second window's start.
    const positions = [chunkBytes - WINDOW_OVERLAP - 10, chunkBytes - 10, 2 * chunkBytes - WINDOW_OVERLAP - 5, 3 * chunkBytes + 7];
    const size = 4 * chunkBytes;
    const chars: string[] = Array.from({ length: size }, (_, i) => (i % 97 === 96 ? '\n' : 'a'));
    for (const p of positions) for (let i = 0; i < KEY.length; i++) chars[p + i] = KEY[i]!;
    for (const p of positions) chars[p - 1] = ' ';
    const text = chars.join('');
    writeFileSync(join(dir, 'big.js'), text);
    const report = await scanPath(join(dir, 'big.js'), { chunkBytes, relativeTo: dir });
    const expected = scanText(text, { file: 'big.js' }).map((f) => [f.line, f.column]);
    expect(expected).toHaveLength(positions.length);
    expect(report.findings.map((f) => [f.line, f.column])).toEqual(expected);
  });
});

describe('.env files', () => {
  it('parses dotenv syntax', () => {
    expect(parseEnv('# c\nexport A=1\nB="two words" # x\nC=\'3\'\nD=four # comment\n')).toEqual([
      { name: 'A', value: '1', line: 2, column: 10 },
      { name: 'B', value: 'two words', line: 3, column: 4 },
      { name: 'C', value: '3', line: 4, column: 4 },
      { name: 'D', value: 'four', line: 5, column: 3 },
    ]);
  });

  it('flags public-prefixed variables holding secrets or named as secrets, and nothing server-side', () => {
    const text = [
      `VITE_0BIT_SECRET_KEY=${KEY}`,
      `NEXT_PUBLIC_WEBHOOK=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw`,
      'REACT_APP_API_SECRET=opaque-value',
      'VITE_PUBLISHABLE_KEY=pk_live_TYooMQauvdEDq54NiTphI7jx',
      `ZEROBIT_SECRET_KEY=${KEY}`,
      'EXPO_PUBLIC_SECRET_KEY=',
    ].join('\n');
    const found = publicEnvExposures(text, '.env');
    expect(found.map((e) => [e.variable, e.prefix, e.reason, e.finding.line, e.finding.masked])).toEqual([
      ['VITE_0BIT_SECRET_KEY', 'VITE_', 'value', 1, 'sk_live_…p7dc'],
      ['NEXT_PUBLIC_WEBHOOK', 'NEXT_PUBLIC_', 'value', 2, 'whsec_…LaSw'],
      ['REACT_APP_API_SECRET', 'REACT_APP_', 'name', 3, '…alue'],
    ]);
  });
});
