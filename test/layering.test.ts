import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const scanDir = new URL('../../src/scan/', import.meta.url).pathname;

/** Every module specifier a source file imports or re-exports from. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\sfrom\s+'([^']+)'/g), ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
}

describe('src/scan layering (issue 16)', () => {
  it('knows nothing of Vitest, matchers, evidence, the record or the report: callers pass it what it needs', () => {
    const offending: string[] = [];
    for (const name of readdirSync(scanDir).filter((f) => f.endsWith('.ts'))) {
      for (const spec of importsOf(join(scanDir, name))) {
        if (/^(?:vitest|@vitest\/)/.test(spec) || /^\.\.\/(?:matchers|evidence|record|report|reporter|plugin|config)\b/.test(spec)) offending.push(`${name} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('sees the imports it checks (positive control)', () => {
    expect(importsOf(join(scanDir, 'tree.ts'))).toEqual(expect.arrayContaining(['picomatch', './scan/detectors.js']));
    expect(importsOf(new URL('../src/matchers/run-context.ts', import.meta.url).pathname)).toContain('vitest');
  });
});
