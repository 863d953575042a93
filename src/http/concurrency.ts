/**
 * Starts `count` calls before awaiting any of them. In-process targets then run every
 * handler up to its first `await` before any handler resumes, so a check-then-insert
 * with an `await` between check and insert races every time, not by luck.
 */
export function burst<T>(count: number, start: (index: number) => Promise<T>): Promise<T[]> {
  const started: Promise<T>[] = [];
  for (let i = 0; i < count; i++) started.push(start(i));
  return Promise.all(started);
}
