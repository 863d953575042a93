import { execFile, execFileSync } from 'node:child_process';

export type GitState = { commit: string; dirty: boolean } | null;

/** What `git rev-parse HEAD` and `git status --porcelain` answered, or null when HEAD is not a commit id. */
const stateOf = (commit: string, status: string): GitState => (/^[0-9a-f]{40,64}$/.test(commit) ? { commit, dirty: status.length > 0 } : null);

/** The commit and whether the work tree differs from it; null outside a git checkout. */
export function gitState(cwd: string): GitState {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return stateOf(run('rev-parse', 'HEAD'), run('status', '--porcelain', '--untracked-files=no'));
  } catch {
    return null;
  }
}

/**
 * The same, without blocking: git runs in child processes (on another core) while the caller
 * goes on, which at the end of a run is the collecting of its tests.
 */
export async function gitStateLater(cwd: string): Promise<GitState> {
  const run = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
    );
  try {
    const [commit, status] = await Promise.all([run('rev-parse', 'HEAD'), run('status', '--porcelain', '--untracked-files=no')]);
    return stateOf(commit, status);
  } catch {
    return null;
  }
}
