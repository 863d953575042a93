import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENSE_LIVE_KEY, DENSE_PUBLISHABLE_KEY, writeDenseBuild, type DenseBuild } from '../fixtures/client/dense-build.js';
import { FIXTURE_PK_SANDBOX, LIVE_CANARY } from '../fixtures/client/reference.js';
import { recordedEvidence } from '../support/evidence.js';
import { failureOf as failure } from '../support/failure.js';

const fixtures = 'test/fixtures/client';

describe('toExposeOnlyBrowserSafeValues and files it cannot skip', { tags: ['launch:browser'] }, () => {
  it('finds a secret key in a binary-looking file', async () => {
    expect(readFileSync(`${fixtures}/key-in-binary/assets/logo.png`).includes(LIVE_CANARY)).toBe(true);
    const message = await failure(expect({ clientDir: `${fixtures}/key-in-binary` }).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX }));
    expect(message).toMatch(/key-in-binary\/assets\/logo\.png:\d+:\d+ {2}secret key sk_live_…9f2c — not browser-safe/);
    expect(message).not.toContain(LIVE_CANARY);
  });

  it('fails on a file it could not scan until it is excluded on purpose, and says so in the evidence', async ({ task }) => {
    const clientDir = `${fixtures}/invalid-source-map`;
    const message = await failure(expect({ clientDir }).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX }));
    expect(message).toContain('the scan is incomplete: 1 file(s) of the client surface could not be scanned, so they are not shown browser-safe');
    expect(message).toContain('or leave it out on purpose with exclude: ["assets/app.js.map"]');
    await expect({ clientDir, exclude: ['**/*.map'] }).toExposeOnlyBrowserSafeValues({ publishableKey: FIXTURE_PK_SANDBOX });
    const evidence = recordedEvidence(task).at(-1)!;
    expect(evidence.pass).toBe(true);
    expect(evidence.details.skipped).toEqual([{ file: `${clientDir}/assets/app.js.map`, reason: 'excluded', detail: '**/*.map' }]);
  });
});

describe('the scanning matchers on a dense build (issue 15)', { tags: ['launch:browser'] }, () => {
  let dir: string;
  let build: DenseBuild;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dense-matchers-'));
    build = writeDenseBuild(dir, 16 * 1024 * 1024);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('toExposeOnlyBrowserSafeValues counts the publishable key and names every planted secret', async ({ task }) => {
    const message = await failure(expect({ clientDir: dir }).toExposeOnlyBrowserSafeValues({ publishableKey: DENSE_PUBLISHABLE_KEY }));
    const shaped = build.planted.filter((p) => p.encoding !== 'hex');
    expect(message).toContain(`${shaped.length} credential(s) in the client surface are not browser-safe`);
    for (const p of shaped) expect(message).toContain(`${p.source ? `${join(dir, p.file)} ▸ ${p.source}` : join(dir, p.file)}:${p.line}:${p.column}  `);
    const [evidence] = recordedEvidence(task);
    expect((evidence!.details.allowed as Record<string, number>).publishable_key).toBe(build.publishableKeys);
    expect(JSON.stringify(evidence)).not.toContain(DENSE_LIVE_KEY);
  });

  it('toBeServerSideOnly reports the planted live key in every form, not a crash', async () => {
    const message = await failure(expect(DENSE_LIVE_KEY).toBeServerSideOnly({ clientDir: dir }));
    expect(message).toContain(`or another secret reaches the client: ${build.planted.length} finding(s) in client artefacts (1 in source map sourcesContent)`);
    for (const how of ['(base64-encoded)', '(split across a string concatenation)', '(hex-encoded)']) expect(message).toContain(how);
    expect(message).not.toContain(DENSE_LIVE_KEY);
  });
});
