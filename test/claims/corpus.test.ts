/**
 * False positives: a corpus of ordinary shop copy (legal pages, shipping and returns text,
 * "EU VAT included", cookie banners, checkout and account microcopy, order emails; English
 * and German; HTML, Markdown, JSON, YAML and PO) and the reference merchant's own copy hold
 * no launch-confirmation claim, so none may be flagged. bench/claims.ts reports the count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyDir, clientDir } from '../../examples/merchant/app.js';
import { splitClauses } from '../../src/claims/detect.js';
import { extractCopy, formatOf } from '../../src/claims/extract.js';
import { scanCopy } from '../../src/claims/scan.js';

const CORPUS = 'test/fixtures/availability/shop-copy';

describe('ordinary shop copy', () => {
  it('flags nothing in the corpus of legal, shipping, returns, cookie and checkout copy (en, de)', async () => {
    const report = await scanCopy({ copyDir: CORPUS });
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([]);
    // Every format took part, and the corpus is not trivially small.
    expect(new Set(report.scanned.map((f) => formatOf(f)))).toEqual(new Set(['markup', 'text', 'json', 'yaml', 'po']));
    const clauses = report.scanned.reduce((n, file) => {
      const { segments } = extractCopy(formatOf(file)!, readFileSync(file, 'utf8'), file);
      return n + segments.reduce((m, s) => m + splitClauses(s.text).length, 0);
    }, 0);
    expect(clauses).toBeGreaterThan(400);
  });

  it('flags nothing in the reference merchant’s catalogues, emails and bundle', async () => {
    const report = await scanCopy({ copyDir: [copyDir, clientDir] });
    expect(report.findings).toEqual([]);
    expect(report.scanned.length).toBeGreaterThanOrEqual(7);
  });
});
