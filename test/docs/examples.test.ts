import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleModule, extractExamples, type DocExample } from './extract.js';
import { REPO, typecheckDir, type Diagnostic } from './typecheck.js';

/**
 * Every ```ts example in README.md and docs/*.md is type-checked against the sources, as a
 * user's file importing `0bit-launch` would be (with the matchers' types set up). Relative
 * imports resolve from the page's directory. Mark a fragment that cannot compile on its own
 * with ```ts nocheck.
 */
const PAGES = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const DIR = join(REPO, '.tmp/docs-examples');

const examples = new Map<string, DocExample>();
for (const page of PAGES) {
  let text: string;
  try {
    text = readFileSync(join(REPO, page), 'utf8');
  } catch {
    continue;
  }
  for (const example of extractExamples(page, text)) {
    examples.set(`${page.replace(/\W+/g, '_')}_L${example.line}.ts`, example);
  }
}

let diagnostics: Diagnostic[] = [];
beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'package.json'), '{ "private": true, "type": "module" }\n');
  // Users set up the matchers' types once (see docs/init.md); here one module stands for that.
  writeFileSync(join(DIR, 'launch-matchers.ts'), "import type {} from '0bit-launch/matchers';\n");
  for (const [file, example] of examples) {
    const relocate = (spec: string) =>
      relative(DIR, join(REPO, dirname(example.doc), spec))
        .split('\\')
        .join('/');
    writeFileSync(
      join(DIR, file),
      exampleModule(example, (spec) => (relocate(spec).startsWith('.') ? relocate(spec) : `./${relocate(spec)}`)),
    );
  }
  diagnostics = await typecheckDir(DIR);
  // tsc skips type checking altogether while any file has a syntax error (TS1xxx): set
  // those examples aside and check the rest again, so one broken block hides nothing.
  const broken = new Set(diagnostics.filter((d) => /^TS1\d{3}:/.test(d.message)).map((d) => d.file));
  if (broken.size) {
    const syntax = diagnostics.filter((d) => broken.has(d.file));
    for (const file of broken) rmSync(join(DIR, file), { force: true });
    diagnostics = [...syntax, ...(await typecheckDir(DIR))];
  }
}, 60_000);

/** Diagnostics of one page, pointed at the page's own lines. */
function problemsOf(page: string): string[] {
  return diagnostics.flatMap((d) => {
    const example = examples.get(d.file);
    if (!example) return d.file === '' ? [d.message] : [];
    return example.doc === page ? [`${page}:${example.line + d.line - 1} ${d.message}`] : [];
  });
}

describe('code examples in the docs', () => {
  const pages = [...new Set([...examples.values()].map((e) => e.doc))];
  it.each(pages)('%s type-checks', (page) => {
    expect(problemsOf(page)).toEqual([]);
  });
});
