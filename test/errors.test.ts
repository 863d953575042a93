import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitFor } from '../src/cli/io.js';
import { LAUNCH_ERROR_DOMAINS, LaunchError, type LaunchErrorCode } from '../src/errors.js';

const repo = new URL('..', import.meta.url).pathname;

/** The rows of docs/errors.md's code table: code, domain and the exit column. */
function documentedCodes(markdown: string): Map<string, { domain: string; exit: string }> {
  const rows = new Map<string, { domain: string; exit: string }>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([A-Z][A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (code && cells.length === 7) rows.set(code, { domain: cells[2]!, exit: cells[5]! });
  }
  return rows;
}

/** Codes a source text throws: the string literals in the first argument of `new LaunchError(`. */
function thrownCodes(source: string): Set<string> {
  const codes = new Set<string>();
  for (const call of source.matchAll(/new LaunchError\(\s*([^,]*?)\s*,/g)) {
    for (const literal of call[1]!.matchAll(/'([A-Z][A-Z_]+)'/g)) codes.add(literal[1]!);
  }
  return codes;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const table = documentedCodes(readFileSync(join(repo, 'docs/errors.md'), 'utf8'));
const codes = Object.keys(LAUNCH_ERROR_DOMAINS) as LaunchErrorCode[];

describe('error codes (docs/errors.md ↔ LAUNCH_ERROR_DOMAINS ↔ src/)', () => {
  it('reads the page and the sources it checks (positive controls)', () => {
    expect(documentedCodes('| `KEY_MISSING` | key | a | b | 3 |\n| code | domain | cause | fix | exit |').get('KEY_MISSING')).toEqual({
      domain: 'key',
      exit: '3',
    });
    const sample = `throw new LaunchError('KEY_MISSING', 'x');\nisLaunchError(e, 'KEY_INVALID');\nnew LaunchError(seen ? 'SIGNATURE_INVALID' : 'RECORD_MALFORMED', \`m\`);`;
    expect([...thrownCodes(sample)].sort()).toEqual(['KEY_MISSING', 'RECORD_MALFORMED', 'SIGNATURE_INVALID']);
    expect(table.size).toBeGreaterThan(10);
  });

  it('documents every code with its domain, and nothing else', () => {
    expect([...table.keys()].sort()).toEqual([...codes].sort());
    for (const code of codes) expect(table.get(code)?.domain, code).toBe(LAUNCH_ERROR_DOMAINS[code]);
  });

  it('documents the exit status verify and report give each key, record and verify code', () => {
    for (const code of codes.filter((c) => ['key', 'record', 'verify'].includes(LAUNCH_ERROR_DOMAINS[c]))) {
      const documented = /(?:^|`report`: )(\d+)$/.exec(table.get(code)!.exit)?.[1];
      expect(Number(documented), code).toBe(exitFor(new LaunchError(code, 'x')));
    }
  });

  it('throws every code somewhere in src/ (a code nothing throws is removed)', () => {
    const thrown = new Set(sourceFiles(join(repo, 'src')).flatMap((file) => [...thrownCodes(readFileSync(file, 'utf8'))]));
    expect(codes.filter((code) => !thrown.has(code))).toEqual([]);
    // And src/ throws no code the table lacks (the type allows none, but a cast would).
    expect([...thrown].filter((code) => !(code in LAUNCH_ERROR_DOMAINS))).toEqual([]);
  });
});
