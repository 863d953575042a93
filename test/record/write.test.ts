import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Latin1Text, writeFilesAtomic } from '../../src/record/write.js';

describe('writeFilesAtomic', () => {
  it('writes strings, lazily made contents and streamed pieces, then renames them into place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-'));
    writeFilesAtomic([
      { path: join(dir, 'a.txt'), data: 'plain' },
      { path: join(dir, 'b.txt'), data: () => 'made later' },
      { path: join(dir, 'c.txt'), data: () => ['one ', 'two ', 'three'] },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('one two three');
  });

  it('writes Latin-1 text one byte per character and other text as UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-'));
    const base64 = Buffer.from('é✓ payload').toString('base64').repeat(50_000);
    writeFilesAtomic([{ path: join(dir, 'r.json'), data: () => ['{"p": "', new Latin1Text(base64), '", "n": "é✓"}', Buffer.from('\n')] }]);
    expect(readFileSync(join(dir, 'r.json')).equals(Buffer.from(`{"p": "${base64}", "n": "é✓"}\n`, 'utf8'))).toBe(true);
  });

  it('leaves nothing behind when making a later file fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-'));
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'a.txt'), data: 'plain' },
        {
          path: join(dir, 'b.txt'),
          data: function* () {
            yield 'half';
            throw new Error('renderer crashed');
          },
        },
      ]),
    ).toThrow(/^renderer crashed$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes a piece-by-piece producer to disk as it goes, then renames the whole file into place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-stream-'));
    const target = join(dir, 'report.html');
    const seen: number[] = [];
    const sizeOfTemp = () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.tmp'))
        .map((f) => statSync(join(dir, f)).size)[0] ?? -1;
    function* pieces() {
      for (const piece of ['<html>', 'x'.repeat(1000), '</html>']) {
        seen.push(sizeOfTemp());
        yield piece;
      }
      seen.push(sizeOfTemp());
    }
    writeFilesAtomic([{ path: target, data: () => pieces() }]);
    // Each piece was on disk before the next was made; only the finished file got the real name.
    expect(seen).toEqual([0, 6, 1006, 1013]);
    expect(readFileSync(target, 'utf8')).toBe(`<html>${'x'.repeat(1000)}</html>`);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });
});
