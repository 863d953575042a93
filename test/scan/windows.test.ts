import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFor } from '../../src/detect/detectors.js';
import { READ_BYTES, WINDOW_CHARS, WINDOW_CONTEXT, WINDOW_OVERLAP, WindowScanner, scanText } from '../../src/scan/text.js';
import { scanPath } from '../../src/scan/tree.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

/** Every occurrence of `needle` as 1-based [line, column], computed by the test itself. */
function positionsOf(text: string, needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    for (let i = scanned; i < at; i++) {
      if (text[i] !== '\n') continue;
      line++;
      lineStart = i + 1;
    }
    scanned = at;
    out.push([line, at - lineStart + 1]);
  }
  return out;
}

describe('scanText', () => {
  it('locates findings by 1-based line and column and masks them', () => {
    const [f] = scanText(`line one\n  const k = "${KEY}";\n`, { file: 'a.js' });
    expect(f).toMatchObject({ kind: 'secret_key', file: 'a.js', line: 2, column: 14, masked: 'sk_live_…p7dc', environment: 'live', known: false });
    expect(JSON.stringify(f)).not.toContain(KEY);
  });
});

describe('windows', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scan-windows-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds values that straddle window and read boundaries exactly once, at the right line and column', async () => {
    // The first window owns [0, W−O); each next one starts C before where the last stopped owning.
    const owned = [WINDOW_CHARS - WINDOW_OVERLAP];
    while (owned.length < 5) owned.push(owned[owned.length - 1]! + WINDOW_CHARS - WINDOW_OVERLAP - WINDOW_CONTEXT);
    const edges = [...new Set([...owned, ...owned.map((b) => b - WINDOW_CONTEXT), READ_BYTES * 3, WINDOW_CHARS])].sort((a, b) => a - b);
    expect(edges.every((e, i) => i === 0 || e - edges[i - 1]! > 100)).toBe(true);
    const step = WINDOW_CHARS;
    const chars: string[] = Array.from({ length: 6 * step }, (_, i) => (i % 97 === 96 ? '\n' : 'a'));
    for (const edge of edges)
      for (const offset of [-40, -1]) {
        const p = edge + offset;
        chars[p - 1] = ' ';
        for (let i = 0; i < KEY.length; i++) chars[p + i] = KEY[i]!;
      }
    const text = chars.join('');
    writeFileSync(join(dir, 'big.js'), text);
    const report = await scanPath(join(dir, 'big.js'), { relativeTo: dir });
    const expected = positionsOf(text, KEY);
    expect(expected).toHaveLength(2 * edges.length);
    expect(report.findings.map((f) => [f.line, f.column])).toEqual(expected);
  });

  it('carries a base64 literal longer than a window whole, and finds the key it hides', async () => {
    const blob = Buffer.from(`${'{"padding":"'.padEnd(3 * WINDOW_CHARS, 'p')}","key":"${KEY}"}`).toString('base64');
    const text = `${'x'.repeat(WINDOW_CHARS - 500)};\nconst cfg = JSON.parse(atob("${blob}"));\n`;
    writeFileSync(join(dir, 'blob.js'), text);
    const report = await scanPath(join(dir, 'blob.js'), { relativeTo: dir });
    expect(report.findings.map((f) => [f.kind, f.encoding, f.line, f.column])).toEqual([['secret_key', 'base64', ...positionsOf(text, blob)[0]!]]);
  });

  it('gives the same findings however the text is cut into pieces', () => {
    const text = `a\n"${KEY.slice(0, 10)}"+"${KEY.slice(10)}"\nb ${KEY} c\n`.repeat(3000);
    const run = (pieces: string[]) => {
      const found: string[] = [];
      const scanner: WindowScanner = new WindowScanner(planFor({}), (d) => {
        const at = scanner.position(d);
        found.push(`${d.kind}@${at.line}:${at.column}:${d.encoding ?? ''}`);
      });
      for (const piece of pieces) scanner.push(piece);
      scanner.end();
      return found;
    };
    const whole = run([text]);
    expect(whole).toHaveLength(6000);
    for (const size of [1, 7, 4096, READ_BYTES, WINDOW_CHARS + 3]) {
      const pieces: string[] = [];
      for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
      expect(run(pieces), `pieces of ${size}`).toEqual(whole);
    }
  });
});
