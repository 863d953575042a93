/**
 * The client surface the two scanning matchers take (`clientDir`, `pages`, and what to
 * leave out on purpose), validated once, and the scan that reports a wrong root as misuse.
 */
import { z } from 'zod';
import { isEndpoint, type Endpoint } from '../http/target.js';
import type { ScanReport } from '../scan/findings.js';
import { scanClientSurface } from '../scan/surface.js';
import type { ScanOptions } from '../scan/tree.js';
import { isLaunchError, LaunchError } from '../errors.js';
import { misuse } from './util.js';

export const pageSchema = z.union([
  z.url({ protocol: /^https?$/ }),
  z.instanceof(URL),
  z.custom<Endpoint>(isEndpoint, 'expected a URL or endpoint(app, path)'),
]);

/** The options both matchers accept for what they scan. */
export const surfaceFields = {
  clientDir: z.string().min(1).optional(),
  pages: z.array(pageSchema).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  maxFileBytes: z.number().int().positive().optional(),
};

export interface ClientSurfaceOptions {
  /** The built client: every file in it is scanned, byte for byte (JS, CSS, HTML, JSON, source maps, `.env*`, images, …). */
  clientDir?: string;
  /** Served pages (URLs or `endpoint(app, '/')`): each page and the same-origin scripts, styles and maps it loads. */
  pages?: Array<string | URL | Endpoint>;
  /**
   * Globs, relative to `clientDir`, of files and directories left out of the scan on
   * purpose (`['downloads/**', 'media/*.mp4']`). Excluded files are listed in the evidence.
   * A file that cannot be scanned fails the matcher until it is fixed or excluded here.
   */
  exclude?: string[];
  /** Files larger than this (or inflating to more) cannot be scanned: the matcher fails naming them (default 128 MiB). */
  maxFileBytes?: number;
}

/** Scans the surface; a clientDir that does not exist or is not a build is the caller's mistake. */
export async function scanSurface(matcher: string, surface: ClientSurfaceOptions, options: ScanOptions): Promise<ScanReport> {
  try {
    return await scanClientSurface(
      { clientDir: surface.clientDir, pages: surface.pages },
      { ...options, exclude: surface.exclude, maxFileBytes: surface.maxFileBytes },
    );
  } catch (error) {
    if (!isLaunchError(error) || error.domain !== 'scan') throw error;
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return misuse(matcher, `clientDir ${JSON.stringify(surface.clientDir)} does not exist`);
    throw new LaunchError(error.code, `${matcher}: clientDir ${JSON.stringify(surface.clientDir)} cannot be scanned: ${error.message}`, { cause: error });
  }
}
