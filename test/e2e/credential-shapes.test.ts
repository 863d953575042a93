import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { startVitest } from 'vitest/node';

const root = fileURLToPath(new URL('../fixtures/projects/shapes', import.meta.url));

it('hands credentialShapes from the plugin options to the matchers in the workers', async () => {
  const vitest = await startVitest('test', [], {
    root,
    config: join(root, 'vitest.config.ts'),
    watch: false,
    reporters: [['0bit-launch', { productSurface: '0gate', output: { dir: mkdtempSync(join(tmpdir(), 'shapes-')) }, terminal: false }]],
  });
  await vitest.close();
  const tests = [...vitest.state.getTestModules()[0]!.children.allTests()];
  expect(tests.map((t) => t.result().state)).toEqual(['passed']);
  process.exitCode = 0;
});
