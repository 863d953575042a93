// Copies the non-TypeScript files the package ships (the sandbox's OpenAPI document) into dist/
// and makes the CLI executable.
import { chmodSync, cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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
if (!existsSync('dist/cli/bin.js')) throw new Error('build did not produce dist/cli/bin.js');
// The bin link points here; npm set its mode before this build replaced the file.
chmodSync('dist/cli/bin.js', 0o755);
console.log(`copied ${assets.length} asset(s) into dist/`);
