// After tsc: copies the non-TypeScript files the package ships (the sandbox's OpenAPI document) into dist/,
// bundles the report page's script into dist/report/page.js, and makes the CLI executable.
import { chmodSync, cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePageScript } from '../dist/report/page-bundle.js';

const assets = [];
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.(json|ya?ml)$/.test(entry.name)) assets.push(path);
  }
}
walk('src');
for (const asset of assets) {
  const target = join('dist', asset.slice('src/'.length));
  cpSync(asset, target);
}
const page = bundlePageScript(new URL('../src/report/page/main.ts', import.meta.url));
writeFileSync('dist/report/page.js', page);
if (!existsSync('dist/cli/bin.js')) throw new Error('build did not produce dist/cli/bin.js');
// The bin link points here; npm set its mode before this build replaced the file.
chmodSync('dist/cli/bin.js', 0o755);
console.log(`copied ${assets.length} asset(s) into dist/; bundled the report page script (${page.length} bytes)`);
