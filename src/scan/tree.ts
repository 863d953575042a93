import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { displayPath } from '../base/display-path.js';
import { LaunchError } from '../errors.js';
import { planFor, type Detection, type DetectOptions, type DetectorPlan } from '../detect/detectors.js';
import { readContent } from './file-content.js';
import { fileScan } from './file-scan.js';
import { emptyReport, type ScanReport, type SkipReason, type UnscannedReason } from './findings.js';
import { pseudoFilesystem } from './pseudo-fs.js';

export interface ScanOptions extends DetectOptions {
  /** Files larger than this (or inflating to more) cannot be scanned and are reported (default 128 MiB). */
  maxFileBytes?: number;
  /** Globs, relative to the scanned directory, of files and directories left out on purpose (listed as excluded). */
  exclude?: readonly string[];
  /** Detections to count rather than report (a publishable key in a browser build). */
  allow?: (d: Detection) => boolean;
  /** File names in the report are relative to this directory (default: the working directory). */
  relativeTo?: string;
}

export const DEFAULT_MAX_FILE_BYTES = 128 * 1024 * 1024;

const posix = (path: string) => (sep === '/' ? path : path.split(sep).join('/'));
const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
}

function specialKind(s: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** A directory waiting to be read, with the chain of directories above it (for symlink loops). */
interface PendingDir {
  path: string;
  real: string;
  dev: number;
  parent: PendingDir | undefined;
}

class TreeScan {
  readonly report = emptyReport();
  readonly #plan: DetectorPlan;
  readonly #options: ScanOptions;
  readonly #maxBytes: number;
  readonly #root: string;
  readonly #realRoot: string;
  readonly #relativeTo: string;
  readonly #excluders: Array<{ pattern: string; test: (path: string) => boolean }>;

  constructor(root: string, realRoot: string, options: ScanOptions) {
    this.#plan = planFor(options);
    this.#options = options;
    this.#maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.#root = root;
    this.#realRoot = realRoot;
    this.#relativeTo = resolve(options.relativeTo ?? process.cwd());
    this.#excluders = (options.exclude ?? []).map((pattern) => ({ pattern, test: picomatch(pattern, { dot: true }) }));
  }

  #name(abs: string): string {
    return displayPath(abs, this.#relativeTo);
  }

  #skip(abs: string, reason: SkipReason, detail?: string): void {
    this.report.skipped.push({ file: this.#name(abs), reason, ...(detail ? { detail } : {}) });
  }

  #unscanned(abs: string, reason: UnscannedReason, detail?: string): void {
    const rel = posix(relative(this.#root, abs));
    this.report.unscanned.push({ file: this.#name(abs), reason, ...(detail ? { detail } : {}), ...(rel ? { excludeAs: rel } : {}) });
  }

  /** The exclude pattern that leaves `abs` out, if any. */
  #excludedBy(abs: string): string | undefined {
    const rel = posix(relative(this.#root, abs));
    return this.#excluders.find((e) => e.test(rel))?.pattern;
  }

  async walk(): Promise<void> {
    const rootStats = await lstat(this.#realRoot);
    const stack: PendingDir[] = [{ path: this.#root, real: this.#realRoot, dev: rootStats.dev, parent: undefined }];
    const visited = new Set([this.#realRoot]);
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = await readdir(dir.real, { withFileTypes: true });
      } catch (error) {
        this.#unscanned(dir.path, 'unreadable', errorCode(error));
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: PendingDir[] = [];
      for (const entry of entries) {
        const path = join(dir.path, entry.name);
        const excluded = this.#excludedBy(path);
        if (excluded !== undefined) {
          this.#skip(path, 'excluded', excluded);
          continue;
        }
        const next = await this.#entry(dir, entry, path, visited);
        if (next) subdirs.push(next);
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }

  /** Scans a file entry, or returns the directory it leads to. */
  async #entry(dir: PendingDir, entry: Dirent, path: string, visited: Set<string>): Promise<PendingDir | undefined> {
    let real = join(dir.real, entry.name);
    let stats: Stats;
    try {
      if (entry.isSymbolicLink()) {
        const target = await this.#linkTarget(real, path);
        if (target === undefined) return undefined;
        real = target;
        stats = await stat(real);
      } else {
        stats = await lstat(real);
      }
    } catch (error) {
      this.#unscanned(path, 'unreadable', errorCode(error));
      return undefined;
    }
    if (stats.isDirectory()) {
      for (let up: PendingDir | undefined = dir; up; up = up.parent) {
        if (up.real === real) {
          this.#skip(path, 'symlink-loop', `links back to ${this.#name(up.path)}`);
          return undefined;
        }
      }
      if (visited.has(real)) return undefined; // another link to a directory scanned already
      visited.add(real);
      if (stats.dev !== dir.dev) {
        const pseudo = await pseudoFilesystem(real);
        if (pseudo) {
          this.#skip(path, 'pseudo-filesystem', pseudo);
          return undefined;
        }
      }
      return { path, real, dev: stats.dev, parent: dir };
    }
    if (!stats.isFile()) {
      this.#skip(path, 'special-file', specialKind(stats));
      return undefined;
    }
    if (stats.dev !== dir.dev) {
      const pseudo = await pseudoFilesystem(real);
      if (pseudo) {
        this.#skip(path, 'pseudo-filesystem', pseudo);
        return undefined;
      }
    }
    await this.scanFile(path, real, stats);
    return undefined;
  }

  /**
   * Where a symlink inside the tree leads, when it stays inside the scanned root. A link
   * out of the root is not followed (it may reach anything on the machine) and is
   * reported, since a server serving the directory may follow it.
   */
  async #linkTarget(real: string, path: string): Promise<string | undefined> {
    let target: string;
    try {
      target = await realpath(real);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ELOOP') {
        this.#skip(path, 'symlink-loop', 'links to itself through other links');
        return undefined;
      }
      if (code !== 'ENOENT') throw error;
      const dangling = resolve(dirname(real), await readlink(real));
      if (inside(this.#realRoot, dangling)) this.#skip(path, 'dangling-symlink', `${this.#name(dangling)} does not exist`);
      else this.#unscanned(path, 'outside-root', `links to ${dangling}, outside the scanned directory; not followed`);
      return undefined;
    }
    if (!inside(this.#realRoot, target)) {
      this.#unscanned(path, 'outside-root', `links to ${target}, outside the scanned directory; not followed`);
      return undefined;
    }
    return target;
  }

  async scanFile(path: string, real: string, stats: Stats): Promise<void> {
    const file = this.#name(path);
    const { report } = this;
    const scan = fileScan(report, this.#plan, file, /\.map(?:\.gz|\.br)?$/.test(path), this.#options.allow);
    const outcome = await readContent(real, stats, this.#maxBytes, (piece) => scan.push(piece));
    if (!outcome.ok) {
      if (outcome.reason === 'special-file') this.#skip(path, 'special-file', outcome.detail);
      else this.#unscanned(path, outcome.reason, outcome.detail);
      return;
    }
    const problem = scan.end();
    report.bytes += outcome.bytes;
    report.scanned.push(file);
    if (problem !== undefined) this.#unscanned(path, 'invalid-source-map', `scanned as text, but not a well-formed source map: it ${problem}`);
  }
}

/**
 * Scans a file or a directory tree: every regular file inside it, byte for byte. What
 * cannot be scanned (unreadable, over `maxFileBytes`, an archive, a malformed source map,
 * a symlink out of the tree) is listed in `unscanned`; what is deliberately not read
 * (excluded, FIFOs, sockets and devices, pseudo-filesystems, symlink loops) in `skipped`.
 * Only the root throws: `SCAN_UNREADABLE` when it cannot be resolved (missing, a link
 * loop, no permission), `SCAN_ROOT_INVALID` when it is not a build at all (a
 * pseudo-filesystem, a device).
 */
export async function scanPath(path: string, options: ScanOptions = {}): Promise<ScanReport> {
  const root = resolve(path);
  const realRoot = await realpath(root).catch((cause: unknown) => {
    throw new LaunchError('SCAN_UNREADABLE', `${path} cannot be read (${errorCode(cause)})`, { cause });
  });
  const pseudo = await pseudoFilesystem(realRoot);
  if (pseudo) throw new LaunchError('SCAN_ROOT_INVALID', `${path} is on a ${pseudo} pseudo-filesystem, not a client build`);
  const scan = new TreeScan(root, realRoot, options);
  const stats = await stat(realRoot);
  if (stats.isDirectory()) await scan.walk();
  else if (stats.isFile()) await scan.scanFile(root, realRoot, stats);
  else throw new LaunchError('SCAN_ROOT_INVALID', `${path} is ${specialKind(stats)}, not a file or directory`);
  return scan.report;
}
