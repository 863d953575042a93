import { describe, expect, it } from 'vitest';
import { exampleModule, extractExamples } from './extract.js';

const PAGE = [
  '# Title',
  '```ts',
  "import { endpoint } from '0bit-launch';",
  'endpoint(app, "/x");',
  '```',
  'text',
  '```ts nocheck',
  'expect(x).toY()',
  '```',
  '```sh',
  'npm test',
  '```',
  '- a list item',
  '  ```typescript',
  '  const a = 1;',
  '  ```',
  '````ts',
  '```',
  'const nested = true;',
  '````',
].join('\n');

describe('extractExamples', () => {
  it('takes ts and typescript blocks with the line of their first code line, skipping nocheck and other languages', () => {
    expect(extractExamples('docs/x.md', PAGE)).toEqual([
      { doc: 'docs/x.md', line: 3, code: 'import { endpoint } from \'0bit-launch\';\nendpoint(app, "/x");' },
      { doc: 'docs/x.md', line: 15, code: 'const a = 1;' },
      { doc: 'docs/x.md', line: 18, code: '```\nconst nested = true;' },
    ]);
  });

  it('makes every example a module of its own', () => {
    expect(exampleModule({ doc: 'd', line: 1, code: 'const a = 1;' })).toBe('const a = 1;\nexport {};\n');
    expect(exampleModule({ doc: 'd', line: 1, code: "import 'x';" })).toBe("import 'x';\n");
  });

  it('relocates relative imports only', () => {
    const code = "import { a } from '../examples/a.js';\nimport b from 'vitest';\nconst c = await import(\"./c.js\");";
    expect(exampleModule({ doc: 'd', line: 1, code }, (s) => `../../${s.replace(/^\.\.?\//, '')}`)).toBe(
      "import { a } from '../../examples/a.js';\nimport b from 'vitest';\nconst c = await import(\"../../c.js\");\n",
    );
  });
});
