import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

/** One tsc diagnostic, with the file relative to the checked directory. */
export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/**
 * Type-checks every .ts file under `dir` (a directory inside the repo, so other packages
 * resolve from its node_modules) against the repo's sources, as a user's project sees the
 * published package: `0bit-launch` and its subpaths map to src/. Returns tsc's diagnostics.
 */
export async function typecheckDir(dir: string): Promise<Diagnostic[]> {
  const src = (path: string) => join(REPO, 'src', path);
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      paths: {
        '0bit-launch': [src('index.ts')],
        '0bit-launch/plugin': [src('plugin.ts')],
        '0bit-launch/matchers': [src('matchers/index.ts')],
        '0bit-launch/sandbox': [src('sandbox/index.ts')],
      },
    },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, maxBuffer: 16 << 20 });
    return [];
  } catch (error) {
    const out = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    const diagnostics = parseDiagnostics(out, dir);
    if (diagnostics.length === 0) throw new Error(`tsc failed without diagnostics: ${out || (error as Error).message}`);
    return diagnostics;
  }
}

function parseDiagnostics(out: string, dir: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of out.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line.trim());
    if (m) found.push({ file: relative(dir, join(dir, m[1]!)) || m[1]!, line: Number(m[2]), message: m[3]! });
    else if (/error TS\d+/.test(line)) found.push({ file: '', line: 0, message: line.trim() });
  }
  return found;
}
