import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** The version of a package this repo has installed. */
export const repoVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * A user's project in `project`: the freshly built and packed package, and `dependencies` at
 * the versions this repo has (Vitest, reporters to compare with), installed from the registry.
 */
export function installPackedProject(project: string, dependencies: readonly string[]): void {
  sh('npm', ['run', '--silent', 'build'], REPO);
  const tarball = sh('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', project], REPO).trim().split('\n').pop()!;
  writeFileSync(join(project, 'package.json'), '{ "private": true, "type": "module" }\n');
  const pinned = dependencies.map((name) => `${name}@${repoVersion(name)}`);
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(project, tarball), ...pinned], project);
}
