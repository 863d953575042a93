import { readFileSync } from 'node:fs';
import { LaunchError } from '../errors.js';

/**
 * Reads a file a matcher was given (an OpenAPI document, say). A file that cannot be read
 * is `MATCHER_INPUT_UNREADABLE`: an I/O fault to fix on disk, not a misused matcher.
 */
export function readInput(what: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new LaunchError('MATCHER_INPUT_UNREADABLE', `${what} cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, {
      cause,
    });
  }
}
