import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitState, gitStateLater } from '../src/git.js';

const root = mkdtempSync(join(tmpdir(), '0bit-launch-git-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

/** Both readings agree: the one plugin setup uses and the one the run's end uses. */
async function both(cwd: string) {
  const now = gitState(cwd);
  expect(await gitStateLater(cwd)).toEqual(now);
  return now;
}

describe('git state of the checkout', () => {
  it('is null outside a checkout and before the first commit', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    expect(await both(outside)).toBeNull();
    const fresh = join(root, 'fresh');
    mkdirSync(fresh);
    git(fresh, 'init', '-q');
    expect(await both(fresh)).toBeNull();
  });

  it('names the commit, and is dirty only when a tracked file changed', async () => {
    const repo = join(root, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'a.txt'), 'one\n');
    git(repo, 'add', 'a.txt');
    git(repo, 'commit', '-q', '-m', 'first');
    const head = git(repo, 'rev-parse', 'HEAD');
    expect(await both(repo)).toEqual({ commit: head, dirty: false });
    // Untracked files are not part of what ran from the commit's tree.
    writeFileSync(join(repo, 'b.txt'), 'new\n');
    expect(await both(repo)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(repo, 'a.txt'), 'two\n');
    expect(await both(repo)).toEqual({ commit: head, dirty: true });
    git(repo, 'add', 'a.txt');
    expect(await both(repo)).toEqual({ commit: head, dirty: true });
  });
});
