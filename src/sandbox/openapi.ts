import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** An OpenAPI 3.1 document, loosely typed: enough to read paths and operations. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string; description?: string }>;
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Where the simulated API's OpenAPI document ships (next to this module, in src/ and dist/). */
export const sandboxOpenApiPath: string = fileURLToPath(new URL('./openapi.json', import.meta.url));

let cached: string | undefined;

/** A fresh copy of the shipped document (callers may change theirs). */
export function loadSandboxOpenApi(): OpenApiDocument {
  cached ??= readFileSync(sandboxOpenApiPath, 'utf8');
  return JSON.parse(cached) as OpenApiDocument;
}
