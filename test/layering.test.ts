import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import jsTokens from 'js-tokens';
import { describe, expect, it } from 'vitest';

/**
 * The module layers of src/, bottom to top (docs/architecture.md says why). A module may
 * import from any lower layer; an import from a higher layer, or from another module of
 * its own layer, is a violation.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['base'],
  ['detect', 'contract'],
  ['redaction'],
  ['evidence'],
  ['http'],
  ['scan', 'webhooks', 'idempotency', 'monitoring'],
  ['claims', 'sandbox'],
  ['record'],
  ['config'],
  ['report'],
  ['matchers'],
  ['plugin'],
  ['reporter'],
  ['cli'],
  ['index'],
];

/** Top-level files and the module they belong to; a directory of src/ is its own module. */
const TOP_LEVEL_FILES: Readonly<Record<string, string>> = {
  'errors.ts': 'base',
  'version.ts': 'base',
  'git.ts': 'base',
  'areas.ts': 'base',
  'waivers.ts': 'record',
  'config.ts': 'config',
  'plugin-context.ts': 'config',
  'plugin.ts': 'plugin',
  'reporter.ts': 'reporter',
  'index.ts': 'index',
};

/** Modules that run inside Vitest and may import it, and the few files elsewhere that must. */
const VITEST_MODULES = new Set(['matchers', 'plugin', 'reporter']);
const VITEST_FILES = new Set([
  'src/evidence/record.ts', // recordArtifact: evidence reaches the reporter as a test artifact
  'src/evidence/secrets.ts', // recordArtifact: secret fingerprints ride on the running test
  'src/evidence/running-test.ts', // TestContext['task']: the test evidence is recorded on
  'src/evidence/run-redaction.ts', // Vitest's logger and TestModule: the reporter's run redaction
  'src/record/assemble.ts', // TestModule: the run's results become the predicate
]);

/**
 * Inside matchers/, by rank: helpers (plumbing) < matcher modules < area barrels < the
 * registry and entry. A file may import a lower rank, and helpers and entries each other;
 * a matcher module never imports another matcher module: what two share is a helper.
 */
const MATCHER_BARRELS = new Set(['browser.ts', 'credentials.ts', 'idempotency.ts', 'origins.ts', 'support.ts', 'webhooks.ts']);
const MATCHER_MODULES = new Set(['availability.ts', 'product.ts', 'monitoring.ts']);
const MATCHER_ENTRIES = new Set(['index.ts', 'registry.ts']);

/**
 * Imports known to break the layers whose fix lands from another branch; each must still
 * occur (a stale entry fails), so it is removed when the fix is merged.
 */
const PENDING: ReadonlyArray<{ file: string; spec: string; why: string }> = [];

interface ImportRef {
  file: string;
  spec: string;
  line: number;
}

/** Every module specifier a TypeScript source imports, re-exports or loads with `import()`, by real tokens (not text in strings, templates or comments). */
function importsIn(file: string, text: string): ImportRef[] {
  const tokens: Array<{ type: string; value: string; line: number }> = [];
  let line = 1;
  for (const token of jsTokens(text)) {
    if (!/WhiteSpace|Comment|LineTerminator/.test(token.type)) tokens.push({ type: token.type, value: token.value, line });
    line += token.value.split('\n').length - 1;
  }
  const literal = (i: number) => (tokens[i]?.type === 'StringLiteral' ? tokens[i]!.value.slice(1, -1) : undefined);
  const refs: ImportRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const { type, value, line: at } = tokens[i]!;
    if (type !== 'IdentifierName' || (value !== 'import' && value !== 'export') || tokens[i - 1]?.value === '.') continue;
    const next = tokens[i + 1]?.value;
    if (value === 'import' && next === '(') {
      refs.push({ file, spec: literal(i + 2) ?? '<import() of a computed specifier>', line: at });
      continue;
    }
    if (value === 'import' && next === '.') continue; // import.meta
    if (value === 'import' && literal(i + 1) !== undefined) {
      refs.push({ file, spec: literal(i + 1)!, line: at });
      continue;
    }
    // An import or export clause holds only names, braces, commas and `*` up to `from '…'`.
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.value === 'from' && literal(j + 1) !== undefined) {
        refs.push({ file, spec: literal(j + 1)!, line: at });
        break;
      }
      if (t.type !== 'IdentifierName' && !['{', '}', ',', '*'].includes(t.value)) break;
    }
  }
  return refs;
}

/** The module a file of src/ belongs to (undefined: the file is in no layer). */
function moduleOf(file: string): string | undefined {
  const inSrc = posix.relative('src', file);
  const [top, ...rest] = inSrc.split('/');
  if (rest.length > 0) return LAYERS.some((l) => l.includes(top!)) ? top : undefined;
  return TOP_LEVEL_FILES[top!];
}

const layerOf = (module: string) => LAYERS.findIndex((l) => l.includes(module));

function matcherRank(file: string): number {
  const name = posix.basename(file);
  if (MATCHER_ENTRIES.has(name)) return 3;
  if (MATCHER_BARRELS.has(name)) return 2;
  if (name.startsWith('to-') || MATCHER_MODULES.has(name)) return 1;
  return 0;
}

/** Why `ref` breaks the layers, or undefined when it does not. */
function violation(ref: ImportRef): string | undefined {
  const from = moduleOf(ref.file);
  const where = `${ref.file}:${ref.line} imports ${ref.spec}`;
  if (!from) return `${ref.file} is in no layer: place it in test/layering.test.ts and docs/architecture.md`;
  if (ref.spec.startsWith('<')) return `${where}: the layers cannot be checked`;
  if (!ref.spec.startsWith('.')) {
    const vitest = /^(?:vitest|@vitest\/)/.test(ref.spec);
    return vitest && !VITEST_MODULES.has(from) && !VITEST_FILES.has(ref.file)
      ? `${where}: only matchers/, the plugin and the reporter run inside Vitest`
      : undefined;
  }
  const target = posix.join(posix.dirname(ref.file), ref.spec).replace(/\.js$/, '.ts');
  const to = moduleOf(target);
  if (!to) return `${where}: ${target} is in no layer`;
  if (from === to) {
    if (from !== 'matchers') return undefined;
    const [a, b] = [matcherRank(ref.file), matcherRank(target)];
    const ok = b < a || (a === b && (a === 0 || a === 3));
    return ok ? undefined : `${where}: a matcher file may import only matchers/ helpers (what two matchers share is a helper module)`;
  }
  const [a, b] = [layerOf(from), layerOf(to)];
  if (b > a) return `${where}: ${from} may not import ${to}, a higher layer`;
  if (b === a) return `${where}: ${from} may not import ${to}, a sibling in its layer`;
  return undefined;
}

const root = join(dirname(new URL(import.meta.url).pathname), '..');
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(posix.join(dir, e.name)) : e.name.endsWith('.ts') ? [posix.join(dir, e.name)] : [],
  );
}
const files = sourceFiles('src');
const imports = files.flatMap((f) => importsIn(f, readFileSync(join(root, f), 'utf8')));
const pendingKey = (r: { file: string; spec: string }) => `${r.file} imports ${r.spec}`;

describe('module layers (issue 16)', () => {
  it('places every file of src/ in a layer, and no import reaches up, sideways or into Vitest where it may not', () => {
    const pending = new Set(PENDING.map(pendingKey));
    const unplaced = files.filter((f) => !moduleOf(f)).map((f) => `${f} is in no layer`);
    const offending = imports.filter((r) => moduleOf(r.file) && !pending.has(pendingKey(r))).flatMap((r) => violation(r) ?? []);
    expect([...unplaced, ...offending]).toEqual([]);
  });

  it('keeps only pending exceptions that still occur', () => {
    const seen = new Set(imports.map(pendingKey));
    expect(PENDING.filter((p) => !seen.has(pendingKey(p))).map((p) => `${pendingKey(p)} no longer occurs: remove it from PENDING (${p.why})`)).toEqual([]);
    for (const p of PENDING) expect(violation(imports.find((r) => pendingKey(r) === pendingKey(p))!)).toBeDefined();
  });

  it('names every file the registry loads as a matcher module or an area barrel', () => {
    const loaded = imports.filter((r) => r.file === 'src/matchers/registry.ts' && r.spec.startsWith('./'));
    expect(loaded.length).toBeGreaterThan(5);
    expect(loaded.filter((r) => matcherRank(posix.join('src/matchers', r.spec).replace(/\.js$/, '.ts')) === 0).map((r) => r.spec)).toEqual([]);
  });
});

describe('the layer check sees what it checks (positive controls)', () => {
  it('reads static, type-only, side-effect, re-exported and dynamic imports, and nothing in strings, templates or comments', () => {
    const source = [
      "import { a, type B } from './a.js';",
      "import type { C } from './c.js';",
      "import d, * as e from './d.js';",
      "import './side-effect.js';",
      "export { f } from './f.js';",
      "export * as g from './g.js';",
      'export type {',
      '  H,',
      "} from './h.js';",
      "const lazy = await import('./lazy.js');",
      "type T = typeof import('./typed.js');",
      "const computed = await import(base + '/x.js');",
      "// import { x } from './comment.js';",
      "const template = `import { describe } from 'vitest';`;",
      'const text = "import { y } from \'./string.js\'";',
      "export const from = Array.from('abc');",
      'const here = import.meta.url;',
    ].join('\n');
    expect(importsIn('src/x.ts', source).map((r) => `${r.line} ${r.spec}`)).toEqual([
      '1 ./a.js',
      '2 ./c.js',
      '3 ./d.js',
      '4 ./side-effect.js',
      '5 ./f.js',
      '6 ./g.js',
      '7 ./h.js',
      '10 ./lazy.js',
      '11 ./typed.js',
      '12 <import() of a computed specifier>',
    ]);
  });

  it('sees the imports of the real sources, and not the ones written inside templates', () => {
    const specsOf = (file: string) => imports.filter((r) => r.file === file).map((r) => r.spec);
    expect(specsOf('src/matchers/run-context.ts')).toContain('vitest');
    expect(specsOf('src/scan/tree.ts')).toEqual(expect.arrayContaining(['picomatch', '../detect/detectors.js']));
    expect(specsOf('src/cli/sandbox.ts')).toContain('../sandbox/server.js'); // dynamic
    expect(readFileSync(join(root, 'src/cli/templates/specs.ts'), 'utf8')).toContain("from 'vitest'");
    expect(specsOf('src/cli/templates/specs.ts')).not.toContain('vitest');
    expect(imports.length).toBeGreaterThan(500);
  });

  it('flags an import from a higher layer, a sibling, Vitest, another matcher or no layer, and passes a downward one', () => {
    const planted: Array<[string, string]> = [
      ['src/detect/mask.ts', '../matchers/util.js'],
      ['src/scan/tree.ts', '../webhooks/events.js'],
      ['src/webhooks/deliver.ts', '../sandbox/events.js'],
      ['src/http/target.ts', 'vitest'],
      ['src/redaction/redactor.ts', '@vitest/utils'],
      ['src/matchers/to-allow-origin.ts', './to-be-redacted.js'],
      ['src/matchers/util.ts', './availability.js'],
      ['src/matchers/to-allow-origin.ts', '../plugin.js'],
      ['src/somewhere/new.ts', '../errors.js'],
      ['src/scan/tree.ts', '../somewhere/new.js'],
    ];
    expect(planted.map(([file, spec]) => violation({ file, spec, line: 1 }))).toEqual([
      'src/detect/mask.ts:1 imports ../matchers/util.js: detect may not import matchers, a higher layer',
      'src/scan/tree.ts:1 imports ../webhooks/events.js: scan may not import webhooks, a sibling in its layer',
      'src/webhooks/deliver.ts:1 imports ../sandbox/events.js: webhooks may not import sandbox, a higher layer',
      'src/http/target.ts:1 imports vitest: only matchers/, the plugin and the reporter run inside Vitest',
      'src/redaction/redactor.ts:1 imports @vitest/utils: only matchers/, the plugin and the reporter run inside Vitest',
      'src/matchers/to-allow-origin.ts:1 imports ./to-be-redacted.js: a matcher file may import only matchers/ helpers (what two matchers share is a helper module)',
      'src/matchers/util.ts:1 imports ./availability.js: a matcher file may import only matchers/ helpers (what two matchers share is a helper module)',
      'src/matchers/to-allow-origin.ts:1 imports ../plugin.js: matchers may not import plugin, a higher layer',
      'src/somewhere/new.ts is in no layer: place it in test/layering.test.ts and docs/architecture.md',
      'src/scan/tree.ts:1 imports ../somewhere/new.js: src/somewhere/new.ts is in no layer',
    ]);
    const allowed: Array<[string, string]> = [
      ['src/matchers/util.ts', '../evidence/record.js'],
      ['src/matchers/to-allow-origin.ts', './origin-targets.js'],
      ['src/matchers/browser.ts', './to-be-session-scoped.js'],
      ['src/sandbox/webhooks.ts', '../webhooks/schemes.js'],
      ['src/evidence/secrets.ts', 'vitest'],
      ['src/scan/tree.ts', 'picomatch'],
    ];
    expect(allowed.map(([file, spec]) => violation({ file, spec, line: 1 }))).toEqual(allowed.map(() => undefined));
  });
});
