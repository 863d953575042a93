import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from '../docs/typecheck.js';

/**
 * The packed package as users install it: `npm pack` (of the dist/ that `npm ci` built),
 * installed with vitest@4.1.12 into a fresh project outside the repo, the compatibility
 * specs run with --reporter=0bit-launch and the record verified with the packed CLI.
 * The Vitest 5 / Node 22 half runs in CI from scripts/compat-vitest5.sh.
 */
describe('the packed package on Vitest 4.1', () => {
  it.skipIf(!existsSync(join(REPO, 'dist/cli/bin.js')))(
    'installs, runs the launch specs and verifies a ready record',
    async () => {
      const { stdout } = await promisify(execFile)('bash', [join(REPO, 'scripts/compat-vitest5.sh'), '--no-build', 'vitest4'], {
        cwd: REPO,
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
        maxBuffer: 32 << 20,
      });
      expect(stdout).toMatch(/compat\[vitest4\]: node v\d+\.\d+\.\d+, vitest 4\.1\.12/);
      expect(stdout).toMatch(/^verified: signed by [0-9a-f]{64} \(ephemeral key\)/m);
      expect(stdout).toMatch(/compat\[vitest4\]: ready, 14 tests with evidence, vitest 4\.1\.12/);
    },
    240_000,
  );
});
