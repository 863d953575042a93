import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPackage, staleBuild } from '../../scripts/package-exports.js';

/** A package with one entry point, its source written at `srcTime` and its build at `distTime` (seconds). */
function project(srcTime: number, distTime?: number): string {
  const root = mkdtempSync(join(tmpdir(), 'built-package-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'pkg', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }));
  mkdirSync(join(root, 'src/deep'), { recursive: true });
  writeFileSync(join(root, 'src/deep/a.ts'), 'export {};');
  utimesSync(join(root, 'src/deep/a.ts'), srcTime, srcTime);
  if (distTime !== undefined) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist/index.js'), 'export {};');
    utimesSync(join(root, 'dist/index.js'), distTime, distTime);
  }
  return root;
}

describe('the main job runs the built package, and only the checkout’s build', () => {
  it('accepts a build newer than every source file, aliasing the entry point to it and leaving dist/ to Node', () => {
    const root = project(1_000, 2_000);
    expect(staleBuild(root)).toBeUndefined();
    const built = builtPackage(root);
    expect(built.alias).toEqual([{ find: /^pkg$/, replacement: join(root, 'dist/index.js') }]);
    expect(built.external[0]!.test(join(root, 'dist/index.js'))).toBe(true);
    expect(built.external[0]!.test(join(root, 'src/deep/a.ts'))).toBe(false);
  });

  it('refuses a source file changed after the build, naming it', () => {
    expect(staleBuild(project(3_000, 2_000))).toBe('src/deep/a.ts changed after dist/ was built');
    expect(() => builtPackage(project(3_000, 2_000))).toThrow(/src\/deep\/a\.ts changed after dist\/ was built; run `npm run build`/);
  });

  it('refuses a missing build', () => {
    expect(staleBuild(project(1_000))).toBe('dist/index.js is missing');
  });
});
