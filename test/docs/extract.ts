/** A fenced TypeScript example in a Markdown page. */
export interface DocExample {
  /** The page, relative to the repo (`docs/webhooks.md`). */
  doc: string;
  /** 1-based line of the example's first code line in the page. */
  line: number;
  code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/**
 * Every ```ts (or ```typescript) block of a Markdown page, except those whose info string
 * says `nocheck` (```ts nocheck): fragments that cannot compile on their own.
 */
export function extractExamples(doc: string, markdown: string): DocExample[] {
  const examples: DocExample[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open as unknown as [string, string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j]!.trim();
      if (close.startsWith(fence[0]!.repeat(fence.length)) && close.replace(/[`~]/g, '') === '') break;
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
    }
    const typescript = lang === 'ts' || lang === 'typescript';
    if (typescript && !/\bnocheck\b/.test(rest)) examples.push({ doc, line: i + 2, code: body.join('\n') });
    i = j;
  }
  return examples;
}

/**
 * The example as a file of its own: a module (so examples do not share a global scope), its
 * relative imports (`'../examples/merchant/app.js'`) rewritten by `relocate` so they resolve
 * as they would from the page's own directory.
 */
export function exampleModule(example: DocExample, relocate: (specifier: string) => string = (s) => s): string {
  const code = example.code.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g,
    (_m, lead: string, q: string, spec: string) => `${lead}${q}${relocate(spec)}${q}`,
  );
  const isModule = /^\s*(import|export)\s/m.test(code);
  return `${code}\n${isModule ? '' : 'export {};\n'}`;
}
