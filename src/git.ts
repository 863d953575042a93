import { execFileSync } from 'node:child_process';

/** The commit and whether the work tree differs from it; null outside a git checkout. */
export function gitState(cwd: string): { commit: string; dirty: boolean } | null {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = run('rev-parse', 'HEAD');
    if (!/^[0-9a-f]{40,64}$/.test(commit)) return null;
    return { commit, dirty: run('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    return null;
  }
}
