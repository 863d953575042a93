import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CLIENT_PUBLISHABLE_KEY, clientDir, envFiles, runbookPath } from '../../examples/merchant/app.js';
import { clientBuildOptions } from '../../examples/merchant/build-client.js';
import { detect } from '../../src/detect/detectors.js';
import { createHarness } from './harness.js';

const read = (path: string) => readFileSync(path, 'utf8');
const bundleFiles = ['index.html', 'assets/app.js', 'assets/app.js.map'].map((f) => join(clientDir, f));

describe('client bundle', () => {
  it('is what client-src/ builds to (the committed bundle is not stale)', async () => {
    const result = await build({ ...clientBuildOptions, write: false });
    for (const file of result.outputFiles) expect(file.text, file.path).toBe(read(file.path));
  });

  it('carries the publishable key and a source map with sourcesContent', () => {
    expect(read(join(clientDir, 'assets/app.js'))).toContain(CLIENT_PUBLISHABLE_KEY);
    const map = JSON.parse(read(join(clientDir, 'assets/app.js.map'))) as { sources: string[]; sourcesContent: string[] };
    expect(map.sourcesContent).toHaveLength(map.sources.length);
    expect(map.sourcesContent.join('\n')).toContain('CLIENT_PUBLISHABLE_KEY');
  });

  it('holds no secret key, webhook secret, client secret or PII', () => {
    for (const file of bundleFiles) {
      const kinds = detect(read(file)).map((d) => d.kind);
      expect(
        kinds.filter((k) => k !== 'publishable_key'),
        file,
      ).toEqual([]);
    }
  });

  it('is served with a content security policy, next to the config route that gives the browser only the publishable key', async () => {
    const h = createHarness();
    const page = await h.merchant.app.request('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/assets/app.js');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await h.merchant.app.request('/assets/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await h.merchant.app.request('/api/config')).json()).toEqual({ publishableKey: CLIENT_PUBLISHABLE_KEY });
    expect((await h.merchant.app.request('/checkout/return?session=ses_1')).status).toBe(200);
  });

  it('does not serve files outside the client directory', async () => {
    const h = createHarness();
    for (const path of ['/../app.ts', '/%2e%2e/app.ts', '/..%2fapp.ts', '/assets/..%2f..%2fapp.ts']) {
      const res = await h.merchant.app.request(path);
      expect(res.status, path).not.toBe(200);
    }
  });
});

describe('ops/runbook.md', () => {
  const runbook = read(runbookPath);

  it('names support@0bit.io as the support path and no other email', () => {
    const emails = detect(runbook, { kinds: ['email'] }).map((d) => d.value);
    expect(emails.length).toBeGreaterThan(0);
    expect(new Set(emails)).toEqual(new Set(['support@0bit.io']));
  });

  it('holds no secrets, phone or card numbers', () => {
    expect(detect(runbook).filter((d) => d.kind !== 'email')).toEqual([]);
  });

  it('identifies cases by session and event ids, with a section per alert', () => {
    expect(runbook).toMatch(/ses_…/);
    expect(runbook).toMatch(/evt_…/);
    for (const heading of ['## Session failures', '## Webhook dead letters', '## Reconciliation backlog']) expect(runbook).toContain(heading);
  });
});

describe('env files', () => {
  it('name only server-side variables, without browser-public prefixes or values for secrets', () => {
    const publicPrefix = /^(VITE_|NEXT_PUBLIC_|REACT_APP_|PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_)/;
    for (const file of envFiles) {
      const entries = read(file)
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split('=') as [string, string]);
      expect(entries.length, file).toBeGreaterThan(0);
      for (const [name, value] of entries) {
        expect(name).not.toMatch(publicPrefix);
        if (/SECRET/.test(name)) expect(value, `${file}: ${name}`).toBe('');
      }
      expect(detect(read(file))).toEqual([]);
    }
  });
});
