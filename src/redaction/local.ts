import type { DetectOptions } from '../detect/detectors.js';
import { createRunRedactor, type RunRedactor } from './redactor.js';

let local: RunRedactor | undefined;
let shapes: DetectOptions['shapes'];

/** The run's configured credential shapes, handed down by the matchers' setup file (redaction never asks Vitest). */
export function useLocalShapes(configured: DetectOptions['shapes']): void {
  shapes = configured;
  local = undefined;
}

/**
 * This process's redactor, made on first use: the environment's secrets, the run's
 * configured credential shapes (in a test worker) and, in a worker, every value a matcher
 * registers there. Evidence and matcher messages are masked with it before they leave
 * the worker; the main process masks everything again at the end with what all workers
 * registered (run.ts).
 */
export function localRedactor(): RunRedactor {
  return (local ??= createRunRedactor({ env: process.env, shapes }));
}
