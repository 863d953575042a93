import { describe, expect as globalExpect, test } from 'vitest';

/**
 * The global expect names "the current test" as the one that started last; inside
 * test.concurrent that can be a neighbour, and evidence would land on it.
 */
describe('launch matchers inside test.concurrent', () => {
  let neighbourStarted!: () => void;
  const started = new Promise<void>((resolve) => (neighbourStarted = resolve));
  let neighbourDone!: () => void;
  const done = new Promise<void>((resolve) => (neighbourDone = resolve));

  test.concurrent('refuse the global expect once a neighbour has started', async ({ expect }) => {
    await started;
    let error: unknown;
    try {
      globalExpect('0gate').toBeLaunchableSurface();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'MATCHER_MISUSE' });
    expect((error as Error).message).toMatch(
      /global expect inside the concurrent test "refuse the global expect once a neighbour has started".*use the test context's expect/,
    );
    // The test context's expect binds to this test whatever started last.
    expect('0gate').toBeLaunchableSurface();
    neighbourDone();
  });

  test.concurrent('start next to it', async ({ expect }) => {
    neighbourStarted();
    await done;
    expect('0gate').toBeLaunchableSurface();
  });
});
