import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type Framework = 'next' | 'fastify' | 'hono' | 'koa' | 'express';

/** In this order: a Next.js project may also list express, a Hono one @hono/node-server. */
const FRAMEWORKS: Framework[] = ['next', 'fastify', 'hono', 'koa', 'express'];

export const FRAMEWORK_NAMES: Record<Framework, string> = { next: 'Next.js', fastify: 'Fastify', hono: 'Hono', koa: 'Koa', express: 'Express' };

/** The HTTP framework a package.json depends on, if it is one the matchers drive. */
export function detectFramework(pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }): Framework | undefined {
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  return FRAMEWORKS.find((name) => name in deps);
}

/** How the app module exports the app: `import app from` or `import { app } from`. */
export type AppExport = 'default' | 'named';

/** An app module init can import: the file (relative to the root) and how it exports the app. */
export interface AppModule {
  file: string;
  exportKind: AppExport;
}

const EXTENSIONS = ['ts', 'mts', 'js', 'mjs', 'cjs'];
/** Modules that usually build the app without starting a server; server/index files often call listen(). */
const APP_CANDIDATES = ['src/app', 'app', 'src/server', 'server', 'src/index', 'index'].flatMap((base) => EXTENSIONS.map((ext) => `${base}.${ext}`));

/**
 * Finds the module that exports the app, and how. A module with no recognisable export of
 * an app is reported with `exportKind` undefined, so init can name it without importing it.
 */
export function findAppModule(root: string): { file: string; exportKind?: AppExport } | undefined {
  for (const file of APP_CANDIDATES) {
    const path = join(root, file);
    if (!existsSync(path) || !statSync(path).isFile()) continue;
    return { file, exportKind: exportKindOf(readFileSync(path, 'utf8')) };
  }
  return undefined;
}

export function exportKindOf(source: string): AppExport | undefined {
  if (
    /\bexport\s+(?:const|let|var|function|class)\s+app\b/.test(source) ||
    /\bexport\s*\{[^}]*\bapp\b[^}]*\}/.test(source) ||
    /\bexports\.app\s*=/.test(source)
  )
    return 'named';
  if (/\bexport\s+default\b/.test(source) || /\bmodule\.exports\s*=/.test(source)) return 'default';
  return undefined;
}

/** Next.js App Router route handlers: the webhook route and the checkout route, if they exist. */
export interface NextRoutes {
  webhook?: { file: string; path: string };
  checkout?: { file: string; path: string };
}

export function findNextRoutes(root: string): NextRoutes {
  const routes: Array<{ file: string; path: string }> = [];
  for (const appDir of ['app', 'src/app']) {
    const dir = join(root, appDir);
    if (!existsSync(dir)) continue;
    for (const file of walk(dir)) {
      if (!/(^|[\\/])route\.(ts|js|mjs)$/.test(file)) continue;
      const segments = relative(dir, file)
        .split(sep)
        .slice(0, -1)
        .filter((s) => !/^\(.*\)$/.test(s));
      routes.push({ file: relative(root, file).split(sep).join('/'), path: `/${segments.join('/')}` });
    }
  }
  return {
    webhook: routes.find((r) => /webhook/i.test(r.path)),
    checkout: routes.find((r) => /checkout|session/i.test(r.path) && !/webhook/i.test(r.path)),
  };
}

function* walk(dir: string, depth = 0): Generator<string> {
  if (depth > 8) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, depth + 1);
    else yield path;
  }
}
