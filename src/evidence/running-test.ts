import { AsyncLocalStorage } from 'node:async_hooks';
import type { TestContext } from 'vitest';

type RunningTask = TestContext['task'];

/**
 * The test whose code is running now, carried through async calls. Vitest's global
 * `expect` cannot know it inside `test.concurrent`; an `aroundEach` hook in the matchers'
 * setup file can, because the test body runs inside the hook's `runTest()`.
 */
const storage = new AsyncLocalStorage<RunningTask>();

export function runInTest<T>(task: RunningTask, run: () => T): T {
  return storage.run(task, run);
}

export function runningTest(): RunningTask | undefined {
  return storage.getStore();
}
