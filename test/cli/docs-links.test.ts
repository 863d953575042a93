import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../docs/typecheck.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[]; repository?: { url: string }; homepage?: string };
const PAGES = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Markdown links outside code fences: `[text](target)`. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe('the docs that ship in the package', () => {
  it('link only to files the package ships, or to the repository by URL', () => {
    const shipped = (path: string) => pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`));
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const target of links(readFileSync(join(REPO, page), 'utf8'))) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const path = relative(REPO, join(REPO, dirname(page), target.split('#')[0]!));
        if (!existsSync(join(REPO, path)) || !shipped(path)) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name the repository the repo-only links point into', () => {
    const repo = pkg.repository!.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(pkg.homepage).toBe(`${repo}#readme`);
    const external = PAGES.flatMap((page) => links(readFileSync(join(REPO, page), 'utf8'))).filter((t) => t.includes('/0bit-launch/'));
    expect(external.length).toBeGreaterThan(10);
    for (const link of external) expect(link.startsWith(`${repo}/`)).toBe(true);
  });
});
