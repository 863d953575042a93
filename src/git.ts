import { execFile, execFileSync } from 'node:child_process';

export type GitState = { commit: string; dirty: boolean } | null;

/** One git process answers both: the `# branch.oid` header names the commit, any other line is a change. */
const STATUS_ARGS = ['status', '--porcelain=v2', '--branch', '--untracked-files=no'];

/** What `git status --porcelain=v2 --branch` answered, or null when HEAD is not a commit id (no commit yet). */
function stateOf(status: string): GitState {
  let commit = '';
  let dirty = false;
  for (const line of status.split('\n')) {
    if (line.startsWith('# branch.oid ')) commit = line.slice('# branch.oid '.length).trim();
    else if (line !== '' && !line.startsWith('# ')) dirty = true;
  }
  return /^[0-9a-f]{40,64}$/.test(commit) ? { commit, dirty } : null;
}

/** The commit and whether the work tree differs from it; null outside a git checkout. */
export function gitState(cwd: string): GitState {
  try {
    return stateOf(execFileSync('git', STATUS_ARGS, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 }));
  } catch {
    return null;
  }
}

/**
 * The same, without blocking: git runs in a child process (on another core) while the caller
 * goes on, which at the end of a run is the collecting of its tests.
 */
export function gitStateLater(cwd: string): Promise<GitState> {
  return new Promise((resolve) => {
    execFile('git', STATUS_ARGS, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout) => resolve(error ? null : stateOf(stdout)));
  });
}
