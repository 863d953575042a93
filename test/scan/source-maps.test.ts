import { describe, expect, it } from 'vitest';
import { planFor } from '../../src/detect/detectors.js';
import { fileScan } from '../../src/scan/file-scan.js';
import { emptyReport } from '../../src/scan/findings.js';
import { SourceMapScanner } from '../../src/scan/source-maps.js';
import { READ_BYTES } from '../../src/scan/text.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

/** 1-based [line, column] of the first `needle` in `text`, computed by the test itself. */
function positionOf(text: string, needle: string, from = 0): [number, number] {
  const at = text.indexOf(needle, from);
  if (at === -1) throw new Error(`${needle} not in text`);
  const before = text.slice(0, at);
  return [before.split('\n').length, at - before.lastIndexOf('\n')];
}

interface Found {
  where: string;
  line: number;
  column: number;
  kind: string;
  encoding?: string;
}

/** Runs the map through the scanner in the given pieces; findings as `source` or `(map)` with line and column. */
function scanMap(pieces: string[]): { found: Found[]; problem?: string } {
  const found: Array<Found & { mapId?: number; index?: number }> = [];
  const scanner: SourceMapScanner = new SourceMapScanner(planFor({ knownSecrets: [] }), {
    raw: (d) => found.push({ where: '(map)', ...scanner.rawPosition(d), kind: d.kind, ...(d.encoding ? { encoding: d.encoding } : {}) }),
    entry: (d, mapId, index) => {
      const at = scanner.entryPosition(d);
      found.push({ where: '', mapId, index, line: at.line, column: at.column, kind: d.kind, ...(d.encoding ? { encoding: d.encoding } : {}) });
    },
  });
  for (const piece of pieces) scanner.push(piece);
  scanner.end();
  const named = found.map(({ mapId, index, ...f }) => (mapId === undefined ? f : { ...f, where: scanner.sourceName(mapId, index!) }));
  return { found: named, ...(scanner.problem === undefined ? {} : { problem: scanner.problem }) };
}

const whole = (text: string) => scanMap([text]);

describe('SourceMapScanner', () => {
  it('reports the column in the original source, not in the JSON-escaped text', () => {
    // Tabs and quotes are escaped in JSON (`\t`, `\"`): the escaped line is longer than the source line.
    const line = `\t\tlet a = "x", b = "y", k = '${KEY}';`;
    const source = `// config\n${line}\n`;
    const map = JSON.stringify({ version: 3, sources: ['src/config.ts'], sourcesContent: [source], mappings: 'AAAA' });
    const [trueLine, trueColumn] = positionOf(source, KEY);
    const escapedColumn = JSON.stringify(line).indexOf(KEY); // what counting in the escaped text gives
    expect(trueColumn).toBe(30);
    expect(escapedColumn).toBe(36);
    expect(whole(map).found).toEqual([{ where: 'src/config.ts', line: trueLine, column: trueColumn, kind: 'secret_key' }]);
  });

  it('counts \\u escapes and non-ASCII text as the characters they stand for', () => {
    const source = `const greeting = "héllo \u2603 wörld";\nconst note = "\u0001\u001f"; const k = '${KEY}';\n`;
    const map = JSON.stringify({ version: 3, sources: ['src/i18n.ts'], sourcesContent: [source], mappings: '' });
    expect(map).toContain('\\u0001');
    const [line, column] = positionOf(source, KEY);
    expect(whole(map).found).toEqual([{ where: 'src/i18n.ts', line, column, kind: 'secret_key' }]);
  });

  it('names each entry by its source, with null entries, and `sources` after `sourcesContent`', () => {
    const a = `export const a = 1;\nexport const k = "${KEY}";\n`;
    const c = `\n\n\nconst k2 = '${KEY}'`;
    const map = `{"version":3,"sourcesContent":[${JSON.stringify(a)},null,${JSON.stringify(c)}],"sources":["src/a.ts","src/b.ts","src/c.ts"],"mappings":""}`;
    expect(whole(map).found).toEqual([
      { where: 'src/a.ts', line: 2, column: positionOf(a, KEY)[1], kind: 'secret_key' },
      { where: 'src/c.ts', line: 4, column: positionOf(c, KEY)[1], kind: 'secret_key' },
    ]);
  });

  it('names the source of a finding in a map file whose `sources` come after `sourcesContent`', () => {
    const map = `{"version":3,"sourcesContent":["\\nconst k = '${KEY}';"],"sources":["src/late.ts"],"mappings":""}`;
    const report = emptyReport();
    const scan = fileScan(report, planFor({}), 'app.js.map', true);
    scan.push(map);
    expect(scan.end()).toBeUndefined();
    expect(report.findings.map((f) => [f.file, f.source, f.line, f.column])).toEqual([['app.js.map', 'src/late.ts', 2, 12]]);
  });

  it("scans the sections of an index map, and accepts the `)]}'` prefix", () => {
    const inner = { version: 3, sources: ['src/lazy.ts'], sourcesContent: [`\nlet k = "${KEY}";`], mappings: '' };
    const map = `)]}'\n${JSON.stringify({
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: { version: 3, sources: ['src/main.ts'], sourcesContent: ['main()'], mappings: '' } },
        { offset: { line: 9, column: 0 }, map: inner },
      ],
    })}`;
    expect(whole(map)).toEqual({ found: [{ where: 'src/lazy.ts', line: 2, column: 10, kind: 'secret_key' }] });
  });

  it('locates a value outside sourcesContent (in `names`) in the map file itself', () => {
    const map = JSON.stringify(
      { version: 3, sources: ['src/a.ts'], sourcesContent: ['\t"quoted"\n'.repeat(50)], names: ['x', KEY], mappings: 'AAAA' },
      null,
      2,
    );
    const [line, column] = positionOf(map, KEY);
    expect(line).toBeGreaterThan(1);
    expect(whole(map).found).toEqual([{ where: '(map)', line, column, kind: 'secret_key' }]);
  });

  it('sees credentials hidden in the original source: a base64 literal, a concatenation', () => {
    const b64 = Buffer.from(`{"key":"${KEY}"}`).toString('base64');
    const source = `const cfg = JSON.parse(atob("${b64}"));\nconst k = "${KEY.slice(0, 9)}" + "${KEY.slice(9)}";\n`;
    const map = JSON.stringify({ version: 3, sources: ['src/hidden.ts'], sourcesContent: [source], mappings: '' });
    expect(whole(map).found).toEqual([
      { where: 'src/hidden.ts', line: 1, column: positionOf(source, b64)[1], kind: 'secret_key', encoding: 'base64' },
      { where: 'src/hidden.ts', line: 2, column: positionOf(source, KEY.slice(0, 9))[1], kind: 'secret_key', encoding: 'concatenation' },
    ]);
  });

  it('gives the same findings wherever the map is cut into pieces (escapes split included)', () => {
    const source = `a\t"b"\\\n\u00e9\u2603 k='${KEY}'\n`;
    const map = JSON.stringify({ version: 3, sources: ['s.ts'], sourcesContent: [source, `x ${KEY}`], names: [KEY], mappings: '' });
    const expected = whole(map);
    expect(expected.found).toHaveLength(3);
    for (let cut = 1; cut < map.length; cut++) expect(scanMap([map.slice(0, cut), map.slice(cut)]), `cut at ${cut}`).toEqual(expected);
  });

  it('follows an entry longer than a read across pieces', () => {
    const source = `${'// filler line\n'.repeat(Math.ceil((2 * READ_BYTES) / 16))}const k = "${KEY}";\n`;
    const map = JSON.stringify({ version: 3, sources: ['big.ts'], sourcesContent: [source], mappings: '' });
    const pieces: string[] = [];
    for (let at = 0; at < map.length; at += READ_BYTES) pieces.push(map.slice(at, at + READ_BYTES));
    const [line, column] = positionOf(source, KEY);
    expect(scanMap(pieces).found).toEqual([{ where: 'big.ts', line, column, kind: 'secret_key' }]);
  });

  it.each([
    ['truncated', `{"version":3,"sourcesContent":["const k = '${KEY}';`, /ends inside a string/],
    ['trailing garbage', `{"version":3,"sourcesContent":[]} x ${KEY}`, /unexpected "x"/],
    ['an array, not an object', `[{"sourcesContent":["${KEY}"]}]`, /is a JSON array/],
    ['a raw line break inside an entry', `{"sourcesContent":["line one\nconst k = '${KEY}';"]}`, /raw line break/],
    ['a bad escape', `{"sourcesContent":["\\x41 const k = '${KEY}';"]}`, /invalid JSON string/],
    ['unbalanced brackets', `{"sourcesContent":["${KEY}"}}`, /unexpected \}/],
  ])('says why a map is malformed (%s), and still scans its text', (_name, map, problem) => {
    const result = whole(map);
    expect(result.problem).toMatch(problem);
    expect(result.found.map((f) => f.kind)).toContain('secret_key');
  });
});
