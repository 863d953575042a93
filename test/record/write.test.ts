import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/record/write.js';
import { renderReport, renderReportChunks } from '../../src/report/html.js';
import { mixedPredicate } from '../report/fixtures.js';

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

  it('streams the report in pieces that join to exactly the rendered page', () => {
    const input = { predicate: mixedPredicate('live'), keyid: 'k'.repeat(64), payloadDigest: `sha256:${'d'.repeat(64)}`, recordPath: 'r.json' };
    const pieces = [...renderReportChunks(input)];
    expect(pieces.length).toBeGreaterThan(9);
    expect(pieces.join('')).toBe(renderReport(input));
  });
});
