import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_KINDS, SECRET_KINDS } from '../../src/detect/detectors.js';
import { scanClientSurface } from '../../src/scan/surface.js';
import { DENSE_LIVE_KEY, DENSE_PUBLISHABLE_KEY, writeDenseBuild, type DenseBuild } from '../fixtures/client/dense-build.js';

/**
 * The dense build of issue 15, smaller (24 MiB) but of the same shape. It holds more than
 * 140,000 publishable keys: enough that a scanner spreading its findings into a call
 * (`push(...findings)`) overflows the stack, as the old one did, and never reports the
 * planted live key.
 */
describe('a dense client build', () => {
  let dir: string;
  let build: DenseBuild;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dense-build-'));
    build = writeDenseBuild(dir, 24 * 1024 * 1024);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const located = (f: { kind: string; file: string; line: number; column: number; encoding?: string; source?: string }) => [
    f.kind,
    f.file,
    f.line,
    f.column,
    f.encoding,
    f.source,
  ];

  it('is dense enough to overflow a call that spreads one argument per publishable key', () => {
    expect(build.publishableKeys).toBeGreaterThan(140_000);
    const spread = () => ([] as number[]).push(...new Array<number>(build.publishableKeys).fill(0));
    expect(spread).toThrow(RangeError);
  });

  it('finds every planted secret where the generator put it, as toBeServerSideOnly scans', async () => {
    const report = await scanClientSurface({ clientDir: dir }, { relativeTo: dir, kinds: SECRET_KINDS, knownSecrets: [DENSE_LIVE_KEY] });
    expect(report.unscanned).toEqual([]);
    expect(report.scanned).toHaveLength(build.files);
    expect(report.findings.map(located)).toEqual(build.planted.map(located));
  });

  it('counts the publishable key instead of keeping each one, as toExposeOnlyBrowserSafeValues scans', async () => {
    const allow = (d: { kind: string; value: string; known?: boolean }) => !d.known && d.kind === 'publishable_key' && d.value === DENSE_PUBLISHABLE_KEY;
    const report = await scanClientSurface({ clientDir: dir }, { relativeTo: dir, kinds: CREDENTIAL_KINDS, allow });
    expect(report.allowed.publishable_key?.count).toBe(build.publishableKeys);
    const firstLine = readFileSync(join(dir, 'assets/chunk-000.js'), 'latin1').split('\n')[0]!;
    expect(report.allowed.publishable_key?.first).toEqual({ file: 'assets/chunk-000.js', line: 1, column: firstLine.indexOf(DENSE_PUBLISHABLE_KEY) + 1 });
    // Without the key named as known, its hex form is just hex; every other planted secret is found by shape.
    expect(report.findings.map(located)).toEqual(build.planted.filter((p) => p.encoding !== 'hex').map(located));
    expect(report.findingCount).toBe(report.findings.length);
  });
});
