import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREA_IDS, MATCHER_AREAS } from '../../src/areas.js';
import { docsHref, headingSlug, matcherDocs, matcherSection, repositoryDocsBase } from '../../src/report/docs-links.js';
import { factLabel, factValue } from '../../src/report/evidence.js';

describe('docs links', () => {
  it('point at the version’s docs on the repository package.json names, in every form npm accepts', () => {
    const base = 'https://github.com/0bit/0bit-launch/blob/v1.2.3/';
    for (const repository of [
      'github:0bit/0bit-launch',
      '0bit/0bit-launch',
      'git+https://github.com/0bit/0bit-launch.git',
      'https://github.com/0bit/0bit-launch',
      'git://github.com/0bit/0bit-launch.git',
      'git+ssh://git@github.com/0bit/0bit-launch.git',
      'git@github.com:0bit/0bit-launch.git',
    ]) {
      expect(repositoryDocsBase({ version: '1.2.3', repository }), repository).toBe(base);
      expect(repositoryDocsBase({ version: '1.2.3', repository: { url: repository } }), repository).toBe(base);
    }
    expect(repositoryDocsBase({ version: '1.2.3', homepage: 'https://github.com/0bit/0bit-launch#readme' })).toBe(base);
    expect(repositoryDocsBase({ version: '1.2.3', repository: { url: 'https://github.com/0bit/tools.git', directory: 'packages/launch/' } })).toBe(
      'https://github.com/0bit/tools/blob/v1.2.3/packages/launch/',
    );
    expect(repositoryDocsBase({ version: '1.2.3', repository: 'gitlab:0bit/0bit-launch' })).toBe('https://gitlab.com/0bit/0bit-launch/-/blob/v1.2.3/');
    // A homepage that is not a repository, or a host we cannot form file URLs for, gives no base.
    expect(repositoryDocsBase({ version: '1.2.3', homepage: 'https://0bit.example/docs' })).toBeUndefined();
    expect(repositoryDocsBase({ version: '1.2.3', repository: 'https://git.example.org/0bit/launch.git' })).toBeUndefined();
    expect(repositoryDocsBase({ version: '1.2.3' })).toBeUndefined();
  });

  it('link only docs paths, and fall back to the path itself without a repository', () => {
    expect(docsHref('docs/webhooks.md#what-counts-as-evidence', null)).toBe('docs/webhooks.md#what-counts-as-evidence');
    expect(docsHref('docs/webhooks.md#what-counts-as-evidence', 'https://github.com/o/n/blob/v1/')).toBe(
      'https://github.com/o/n/blob/v1/docs/webhooks.md#what-counts-as-evidence',
    );
    for (const path of ['javascript:alert(1)', 'https://evil.example/docs/x.md', 'docs/../../etc/passwd.md', 'docs/x.md#a"b', '//evil.example/docs/x.md']) {
      expect(docsHref(path, null), path).toBeUndefined();
    }
  });

  it('find a matcher’s own section by GitHub’s heading anchors', () => {
    expect(headingSlug('`toVerifyWebhookSignatures({ secret, scheme?, toleranceSeconds? })`')).toBe(
      'toverifywebhooksignatures-secret-scheme-toleranceseconds-',
    );
    expect(headingSlug('What counts as evidence')).toBe('what-counts-as-evidence');
    expect(headingSlug('See [the record](record.md) — v2')).toBe('see-the-record--v2');
    const page = '# Title\n## Evidence\n## Evidence\n## `toX()` and `toY()`\n```\n## not a heading in code? (still counted by the simple reader)\n```\n';
    expect(matcherSection(page, 'toY')).toBe('tox-and-toy');
    expect(matcherSection('## A\n## A\n## A toZ', 'toZ')).toBe('a-toz');
    expect(matcherSection('## toZ\n## toZ', 'toZ')).toBe('toz');
    expect(matcherSection('## Other', 'toZ')).toBeUndefined();
  });

  it('link each launch matcher to its section in its area’s page of the shipped docs, else to what counts as evidence there', () => {
    for (const [matcher, area] of Object.entries(MATCHER_AREAS)) {
      const page = readFileSync(`docs/${area}.md`, 'utf8');
      const headings = page.split('\n').filter((l) => /^#{1,4} /.test(l));
      const path = matcherDocs(matcher)!;
      expect(path, matcher).toMatch(new RegExp(`^docs/${area}\\.md#`));
      expect(
        headings.map((l) => headingSlug(l.replace(/^#+ /, ''))),
        matcher,
      ).toContain(path.split('#')[1]);
      const own = headings.some((l) => new RegExp(`\\b${matcher}\\b`).test(l));
      expect(path.endsWith('#what-counts-as-evidence'), `${matcher}: own section ${own}`).toBe(!own);
    }
    // The probe matchers, whose failures link here most, have their own sections.
    for (const matcher of ['toVerifyWebhookSignatures', 'toBeDuplicateSafe', 'toBeIdempotent', 'toAllowOrigin', 'toAcceptReturnUrl', 'toRaiseAlert']) {
      expect(matcherDocs(matcher), matcher).not.toMatch(/#what-counts-as-evidence$/);
    }
    expect(matcherDocs('toBe')).toBeUndefined();
    // Every area page has the section a missing profile item links to.
    for (const area of AREA_IDS) expect(readFileSync(`docs/${area}.md`, 'utf8'), area).toMatch(/^## What counts as evidence$/m);
  });
});

describe('evidence facts', () => {
  it('read as lists, not JSON', () => {
    expect(factLabel('effectsBefore')).toBe('effects before');
    expect(factLabel('dead_letters')).toBe('dead letters');
    expect(factValue('0gate')).toEqual(['code', '0gate']);
    expect(factValue(null)).toEqual(['span.muted', 'none']);
    expect(factValue([])).toEqual(['span.muted', 'none']);
    expect(factValue(['a', 2])).toEqual(['span', ['code', 'a'], ', ', ['code', '2']]);
    expect(factValue(Array.from({ length: 9 }, (_, i) => i))).toEqual(['ul.fl', ...Array.from({ length: 9 }, (_, i) => ['li', ['code', String(i)]])]);
    expect(factValue({ sessionId: 'cs_1', attempts: [{ status: 200 }] })).toEqual([
      'dl.facts.nested',
      ['dt', 'session id'],
      ['dd', ['code', 'cs_1']],
      ['dt', 'attempts'],
      ['dd', ['ul.fl', ['li', ['dl.facts.nested', ['dt', 'status'], ['dd', ['code', '200']]]]]],
    ]);
    // Below three levels, JSON.
    expect(factValue({ a: { b: { c: { d: 1 } } } })).toEqual([
      'dl.facts.nested',
      ['dt', 'a'],
      ['dd', ['dl.facts.nested', ['dt', 'b'], ['dd', ['dl.facts.nested', ['dt', 'c'], ['dd', ['code', '{"d":1}']]]]]],
    ]);
  });
});
