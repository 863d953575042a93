import { describe, expect, it } from 'vitest';
import { claimsInFile } from '../../src/claims/claims.js';
import { extractCopy, fileOffset, formatOf } from '../../src/claims/extract.js';

const texts = (format: Parameters<typeof extractCopy>[0], source: string, name = '') => extractCopy(format, source, name).segments.map((s) => s.text);

describe('formatOf', () => {
  it('knows copy files by extension and leaves the rest out', () => {
    expect(['a.html', 'b.hbs', 'c.mjml', 'd.js', 'e.tsx', 'f.json', 'g.yml', 'h.po', 'i.txt', 'j.md'].map(formatOf)).toEqual([
      'markup',
      'markup',
      'markup',
      'script',
      'script',
      'json',
      'yaml',
      'po',
      'text',
      'text',
    ]);
    expect(['a.png', 'b.css', 'c.woff2', 'Makefile'].map(formatOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('extractCopy', () => {
  it('joins HTML text across inline elements, decodes entities, reads alt/title/placeholder and meta descriptions, skips styles', () => {
    const html = [
      '<html><head><title>Shop</title><meta name="description" content="Now in Germany &amp; France"><style>.x{content:"worldwide"}</style></head>',
      '<body><p>Pay with 0Bit &mdash; available in <b>all EU countries</b>.</p>',
      '<img alt="Supported worldwide" src="x.png"><input placeholder="Your country"></body></html>',
    ].join('\n');
    expect(texts('markup', html)).toEqual([
      'Shop',
      'Now in Germany & France',
      'Pay with 0Bit — available in all EU countries.',
      'Supported worldwide',
      'Your country',
    ]);
  });

  it('reads inline scripts as scripts, and their offsets point into the page', () => {
    const html = '<p>Hi</p>\n<script>\nconst banner = "Weltweit verfügbar";\nif (["DE", "AT"].includes(c)) mountCheckout();\n</script>';
    const { segments } = extractCopy('markup', html);
    expect(segments.map((s) => s.text)).toEqual(['Hi', 'Weltweit verfügbar', 'DE', 'AT']);
    expect(html.slice(fileOffset(segments[1]!, 0)).startsWith('Weltweit')).toBe(true);
    expect(claimsInFile('page.html', 'markup', html).findings.map((f) => [f.kind, f.line, f.column])).toEqual([
      ['region_claim', 3, 17],
      ['country_allowlist', 4, 5],
    ]);
  });

  it('decodes escapes in script strings (esbuild writes non-ASCII as \\u escapes) and reads template chunks and JSX text', () => {
    expect(texts('script', `${String.raw`a("In allen EU-L\u00E4ndern verf\xFCgbar");b=`}\`Now in \${c} and Spain\``)).toEqual([
      'In allen EU-Ländern verfügbar',
      'Now in ',
      ' and Spain',
    ]);
    expect(texts('script', 'const x = <p title="Instant approval">Verified in 2 minutes</p>;', 'a.tsx')).toEqual(['Instant approval', 'Verified in 2 minutes']);
  });

  it('reads JSON values, not keys', () => {
    expect(texts('json', '{ "available worldwide": "Hello", "nested": { "k": "Now in Germany" }, "n": 3 }')).toEqual(['Hello', 'Now in Germany']);
  });

  it('reads YAML values (block scalars too), not keys', () => {
    expect(texts('yaml', 'en:\n  banner: "Supported worldwide"\n  text: >-\n    Available in\n    the EU\n')).toEqual([
      'Supported worldwide',
      'Available in the EU',
    ]);
  });

  it('reads PO msgid and msgstr over continuation lines, but not the header or msgctxt', () => {
    const po = [
      'msgid ""',
      'msgstr ""',
      '"Language: de\\n"',
      '',
      'msgctxt "banner"',
      'msgid ""',
      '"Available in "',
      '"the EU"',
      'msgstr "In der EU "',
      '"verfügbar"',
    ].join('\n');
    expect(texts('po', po)).toEqual(['Available in the EU', 'In der EU verfügbar']);
  });
});

describe('claimsInFile', () => {
  it('locates each claim by line and column in the file, with what to write instead', () => {
    const json = '{\n  "a": "Hello",\n  "b": "Pay with 0Bit — available in all EU countries."\n}\n';
    const { findings, segments } = claimsInFile('locales/en.json', 'json', json);
    expect(segments).toBe(2);
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'region_claim', phrase: 'available in all EU countries', file: 'locales/en.json', line: 3, column: 25, language: 'en' }),
    ]);
    expect(findings[0]!.suggestion).toMatch(/capability response/);
  });

  it('locates a claim on a later line of a PO message joined from several lines', () => {
    const po = 'msgid "Hello"\nmsgstr ""\n"Hallo. "\n"Weltweit verfügbar"\n';
    expect(claimsInFile('de.po', 'po', po).findings.map((f) => [f.line, f.column, f.phrase])).toEqual([[4, 2, 'Weltweit verfügbar']]);
  });
});
