export interface Deadline {
  timeRemaining(): number;
}

/** Runs `task` when the page is idle (or soon, where requestIdleCallback is missing). */
export function idle(task: (deadline: Deadline) => void): void {
  if ('requestIdleCallback' in window) {
    requestIdleCallback(task);
    return;
  }
  setTimeout(() => {
    const end = performance.now() + 10;
    task({ timeRemaining: () => end - performance.now() });
  }, 50);
}

/** Calls `step` in idle slices until it returns false. */
export function whileIdle(step: () => boolean): void {
  const run = (deadline: Deadline) => {
    while (deadline.timeRemaining() > 2) if (!step()) return;
    idle(run);
  };
  idle(run);
}
