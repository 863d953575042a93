import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

// Loaded on first use: the reporter imports this for the waivers file, which most runs do not
// have, and the yaml library is ~3 MB of the main process's memory (bench/overhead.ts).
let yaml: typeof Yaml | undefined;
const yamlLibrary = () => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** A YAML (or JSON) text parsed with the line of every value, for `file:line: …` errors. */
export type YamlWithLines =
  | { ok: true; data: unknown; lineOf(path: readonly PropertyKey[]): number }
  | { ok: false; line: number; col: number; message: string };

/**
 * Parses `text`, or returns where its first syntax error is. `lineOf(path)` is the line of
 * the deepest value along `path` that exists (the document's first line when none does).
 */
export function parseYamlWithLines(text: string): YamlWithLines {
  const { isNode, LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    return { ok: false, line, col, message: syntax.message.split('\n')[0]! };
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  return { ok: true, data: doc.toJS(), lineOf };
}
