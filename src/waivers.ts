import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayPath } from './base/display-path.js';
import { parseYamlWithLines } from './base/yaml-lines.js';
import { firstIssue, formatPath, issuePath } from './base/zod-issues.js';
import { LaunchError } from './errors.js';
import { waiverSchema, type Waiver } from './record/schema.js';

export const DEFAULT_WAIVER_FILE = 'launch-waivers.yaml';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a waiver stops applying, or a reason why `expires` is not a date. A bare
 * date (`2025-06-30`) covers that whole UTC day, as InSpec's expiration dates do; a date
 * and time must carry `Z` or an offset, because a zone-less time is ambiguous.
 */
export function waiverExpiry(expires: string): Date | string {
  const day = DATE_ONLY.exec(expires);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const start = new Date(Date.UTC(y, m - 1, d));
    if (start.getUTCFullYear() !== y || start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d) return `${expires} is not a calendar date`;
    return new Date(start.getTime() + 24 * 60 * 60 * 1000);
  }
  if (!DATE_TIME.test(expires)) return `${JSON.stringify(expires)} is not an ISO 8601 date (YYYY-MM-DD, or a date-time with Z or an offset)`;
  const at = new Date(expires);
  return Number.isNaN(at.getTime()) ? `${expires} is not a valid date-time` : at;
}

/** A waiver entry's first problem as `field: problem`, or null when it is well-formed. */
function entryProblem(entry: unknown): { path: PropertyKey[]; message: string } | null {
  const parsed = waiverSchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      path: issuePath(issue),
      message: issue.code === 'unrecognized_keys' ? 'unknown field (expected test, justification, approvedBy, expires)' : issue.message,
    };
  }
  const expiry = waiverExpiry(parsed.data.expires);
  return typeof expiry === 'string' ? { path: ['expires'], message: expiry } : null;
}

function fail(file: string, line: number | undefined, message: string): never {
  throw new LaunchError('WAIVERS_INVALID', `${file}${line ? `:${line}` : ''}: ${message}`);
}

/** Parses a waiver file (YAML, or JSON which YAML reads too) and validates every entry. */
function readWaiverFile(path: string, cwd: string): Waiver[] {
  const file = displayPath(path, cwd);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new LaunchError('WAIVERS_INVALID', `${file}: cannot read the waiver file (${(cause as Error).message})`, { cause });
  }
  const parsed = parseYamlWithLines(text);
  if (!parsed.ok) fail(file, parsed.line, `not valid YAML/JSON: ${parsed.message}`);
  const { data: top, lineOf } = parsed;
  if (top === null || top === undefined) return [];
  const wrapped = !Array.isArray(top);
  const list = wrapped ? (top as { waivers?: unknown }).waivers : top;
  if (wrapped && (typeof top !== 'object' || Object.keys(top).some((k) => k !== 'waivers') || !Array.isArray(list))) {
    fail(file, lineOf([]), 'expected a list of waivers, or an object { waivers: [...] }');
  }
  const base = wrapped ? ['waivers'] : [];
  (list as unknown[]).forEach((entry, index) => {
    const problem = entryProblem(entry);
    if (problem) {
      const path = [...base, index, ...problem.path];
      fail(file, lineOf(path), `${formatPath(path)}: ${problem.message}`);
    }
  });
  return (list as unknown[]).map((entry) => waiverSchema.parse(entry));
}

/**
 * Options' waivers (inline array or file path) or, when undefined, `launch-waivers.yaml` in
 * `cwd` if present. A file that cannot be read or parsed, has the wrong top level, or holds
 * an entry with a missing, unknown or malformed field throws `WAIVERS_INVALID` naming the
 * file, the line and the field. Inline entries are returned as given: `applyWaivers` lists
 * a malformed one as ignored.
 */
export function loadWaivers(source: Waiver[] | string | undefined, cwd: string): unknown[] {
  if (Array.isArray(source)) return source;
  if (typeof source === 'string') {
    const path = resolve(cwd, source);
    if (!existsSync(path)) throw new LaunchError('WAIVERS_INVALID', `${displayPath(path, cwd)}: the waiver file does not exist`);
    return readWaiverFile(path, cwd);
  }
  const fallback = resolve(cwd, DEFAULT_WAIVER_FILE);
  return existsSync(fallback) ? readWaiverFile(fallback, cwd) : [];
}

export interface WaiverTest {
  id: string;
  fullName: string;
  state: 'passed' | 'failed' | 'skipped' | 'todo';
}

export interface AppliedWaivers {
  byTestId: Map<string, Waiver>;
  used: Array<Waiver & { testId: string }>;
  ignored: Array<{ waiver: unknown; reason: string }>;
}

/**
 * Matches waivers to tests that did not pass, by full name or id. Pure. A malformed,
 * expired, unmatched or unused (every matching test passed) waiver has no effect and is
 * listed in `ignored` with the reason; when two waivers name the same test the first wins.
 */
export function applyWaivers(tests: ReadonlyArray<WaiverTest>, waivers: readonly unknown[], now: Date): AppliedWaivers {
  const result: AppliedWaivers = { byTestId: new Map(), used: [], ignored: [] };
  for (const raw of waivers) {
    const problem = entryProblem(raw);
    if (problem) {
      result.ignored.push({ waiver: raw, reason: `malformed: ${firstIssue([problem], '(entry)')}` });
      continue;
    }
    const waiver = waiverSchema.parse(raw);
    const expiry = waiverExpiry(waiver.expires) as Date;
    if (expiry.getTime() <= now.getTime()) {
      result.ignored.push({ waiver, reason: `expired: ${waiver.expires} is before ${now.toISOString()}` });
      continue;
    }
    const matching = tests.filter((t) => t.fullName === waiver.test || t.id === waiver.test);
    if (matching.length === 0) {
      result.ignored.push({ waiver, reason: `unmatched: no test has the full name or id ${JSON.stringify(waiver.test)}` });
      continue;
    }
    const open = matching.filter((t) => t.state !== 'passed');
    if (open.length === 0) {
      result.ignored.push({ waiver, reason: 'unused: every test it names passed, so there is nothing to waive' });
      continue;
    }
    const fresh = open.filter((t) => !result.byTestId.has(t.id));
    if (fresh.length === 0) {
      result.ignored.push({ waiver, reason: 'duplicate: an earlier waiver already covers the test(s) it names' });
      continue;
    }
    for (const t of fresh) {
      result.byTestId.set(t.id, waiver);
      result.used.push({ ...waiver, testId: t.id });
    }
  }
  return result;
}
