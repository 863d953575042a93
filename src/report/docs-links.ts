import { readFileSync } from 'node:fs';
import { areaOfMatcher } from '../areas.js';
import { evidenceDocs } from '../record/profiles.js';
import { html, type Markup } from './markup.js';

/** The fields of this package's package.json that say where its docs are published. */
export interface PackageLinks {
  version: string;
  homepage?: string;
  repository?: string | { url?: string; directory?: string };
}

const HOSTS: Record<string, (owner: string, name: string, ref: string) => string> = {
  'github.com': (o, n, ref) => `https://github.com/${o}/${n}/blob/${ref}/`,
  'gitlab.com': (o, n, ref) => `https://gitlab.com/${o}/${n}/-/blob/${ref}/`,
};

/** `github:o/n`, `o/n`, `git+https://github.com/o/n.git`, `git@github.com:o/n.git`, `https://github.com/o/n#readme` → host, owner, name. */
function parseRepository(spec: string): { host: string; owner: string; name: string } | undefined {
  const shorthand = /^(?:(github|gitlab):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(spec);
  if (shorthand) return { host: `${shorthand[1] ?? 'github'}.com`, owner: shorthand[2]!, name: shorthand[3]! };
  const url =
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?([\w.-]+)[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?(?:#.*)?$/.exec(spec) ??
    /^git@([\w.-]+):([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(spec);
  return url ? { host: url[1]!, owner: url[2]!, name: url[3]! } : undefined;
}

/**
 * Where this version's docs/ folder is browsable: the repository (or a repository
 * homepage) that package.json names, at the tag `v<version>`, so a link shows the rules
 * of the version that rendered the page. Undefined when package.json names neither or a
 * host we cannot form a file URL for.
 */
export function repositoryDocsBase(pkg: PackageLinks): string | undefined {
  const repository = typeof pkg.repository === 'string' ? { url: pkg.repository } : pkg.repository;
  for (const spec of [repository?.url, pkg.homepage]) {
    const parsed = spec ? parseRepository(spec.trim()) : undefined;
    const form = parsed && HOSTS[parsed.host];
    if (!parsed || !form) continue;
    const directory = spec === repository?.url && repository?.directory ? `${repository.directory.replace(/^\/+|\/+$/g, '')}/` : '';
    return form(parsed.owner, parsed.name, `v${pkg.version}`) + directory;
  }
  return undefined;
}

const PACKAGE_ROOT = new URL('../../', import.meta.url);
let docsBase: string | undefined | null = null;

/** The docs base of the installed package; src/ and dist/ both sit two levels below package.json's folder. */
function installedDocsBase(): string | undefined {
  if (docsBase === null) docsBase = repositoryDocsBase(JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as PackageLinks);
  return docsBase;
}

const DOCS_PATH = /^docs\/[\w-]+\.md(?:#[\w-]+)?$/;

/**
 * The href for a docs path the record names (`docs/webhooks.md#what-counts-as-evidence`):
 * on the repository when package.json names one, else the path as is (`base: null`).
 * Anything that is not such a path gets no link.
 */
export function docsHref(path: string, base: string | null = installedDocsBase() ?? null): string | undefined {
  if (!DOCS_PATH.test(path)) return undefined;
  return base === null ? path : base + path;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchor of the first heading that names `matcher` in a Markdown page, counting repeated slugs as GitHub does. */
export function matcherSection(markdown: string, matcher: string): string | undefined {
  const seen = new Map<string, number>();
  const names = new RegExp(`\\b${matcher}\\b`);
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,4} (.+)$/.exec(line);
    if (!heading) continue;
    const base = headingSlug(heading[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    if (names.test(heading[1]!)) return n === 0 ? base : `${base}-${n}`;
  }
  return undefined;
}

const sections = new Map<string, string>();

/**
 * Where the docs explain a launch matcher and how to pass it: its own section in its
 * area's page (read from the docs this package ships), else the area's "What counts as
 * evidence" section. Undefined for a matcher that is not a launch matcher.
 */
export function matcherDocs(matcher: string): string | undefined {
  const area = areaOfMatcher(matcher);
  if (area === undefined) return undefined;
  let path = sections.get(matcher);
  if (path === undefined) {
    let anchor: string | undefined;
    try {
      anchor = matcherSection(readFileSync(new URL(`docs/${area}.md`, PACKAGE_ROOT), 'utf8'), matcher);
    } catch {
      anchor = undefined;
    }
    path = anchor ? `docs/${area}.md#${anchor}` : evidenceDocs(area);
    sections.set(matcher, path);
  }
  return path;
}

/** A "how to" link to a docs path the record names, or nothing when it names none we can link. */
export function docsLink(path: string | undefined, text: string): Markup | '' {
  const href = path && docsHref(path);
  return href ? html`<a class="fix" href="${href}">${text}</a>` : '';
}
