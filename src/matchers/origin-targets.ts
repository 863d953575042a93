import { z } from 'zod';
import { isEndpoint, isHttpTarget, type HttpTarget } from '../http/target.js';
import { misuse } from './util.js';

/** The received value of an origins matcher: any HTTP target, or `endpoint(app, path)`. */
export function requireTarget(name: string, received: unknown): { target: HttpTarget; path?: string } {
  if (isEndpoint(received)) return { target: received.target, path: received.path };
  if (isHttpTarget(received)) return { target: received };
  return misuse(name, 'expected an HTTP target (base URL, app, handler) or endpoint(app, path) as the received value');
}

export const pathSchema = z.string().startsWith('/', 'must start with "/"');
