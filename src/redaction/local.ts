import { configuredShapes } from '../scan/configured-shapes.js';
import { createRunRedactor, type RunRedactor } from './redactor.js';

let local: RunRedactor | undefined;

/**
 * This process's redactor, made on first use: the environment's secrets, the run's
 * configured credential shapes (in a test worker) and, in a worker, every value a matcher
 * registers there. Evidence and matcher messages are masked with it before they leave
 * the worker; the main process masks everything again at the end with what all workers
 * registered (run.ts).
 */
export function localRedactor(): RunRedactor {
  return (local ??= createRunRedactor({ env: process.env, shapes: configuredShapes() }));
}
