import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { scanPages } from '../../src/scan/pages.js';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

const files: Record<string, string> = {
  '/': '<html><head><script type="module" src="/assets/app.js"></script><link rel="modulepreload" href="assets/vendor.js"><script src="https://cdn.other.example/lib.js"></script><link rel="stylesheet" href="/assets/app.css"></head></html>',
  '/assets/app.js': 'import("./chunk-lazy.js");import{x}from"./vendor.js";\n//# sourceMappingURL=app.js.map',
  '/assets/vendor.js': 'export const x = 1;',
  '/assets/app.css': 'body{}',
  '/assets/chunk-lazy.js': `const k = "${KEY}";`,
  '/assets/app.js.map': JSON.stringify({ version: 3, sources: ['src/app.ts'], sourcesContent: [`// app\nconst k = '${KEY}';\n`], mappings: '' }),
};

const site = (request: Request) => {
  const body = files[new URL(request.url).pathname];
  return new Response(body ?? 'not found', {
    status: body === undefined ? 404 : 200,
    headers: { 'content-type': new URL(request.url).pathname === '/' ? 'text/html' : 'text/javascript' },
  });
};

describe('scanPages', () => {
  it('follows same-origin scripts, preloads, stylesheets, imported chunks and source maps; lists cross-origin ones', async () => {
    const report = await scanPages([endpoint(site, '/')]);
    expect(report.scanned.sort()).toEqual(['/', '/assets/app.css', '/assets/app.js', '/assets/app.js.map', '/assets/chunk-lazy.js', '/assets/vendor.js']);
    expect(report.skipped).toEqual([{ file: 'https://cdn.other.example/lib.js', reason: 'cross-origin' }]);
    expect(report.findings.map((f) => [f.file, f.source, f.line, f.column])).toEqual([
      ['/assets/chunk-lazy.js', undefined, 1, 12],
      ['/assets/app.js.map', 'src/app.ts', 2, 12],
    ]);
  });

  it('reports a page that answers with an error as not scanned', async () => {
    const report = await scanPages([endpoint(site, '/missing.html')]);
    expect(report.scanned).toEqual([]);
    expect(report.unscanned).toEqual([{ file: '/missing.html', reason: 'http-error', detail: 'HTTP 404' }]);
  });

  it('skips a referenced script that answers with an error: a browser gets nothing from it either', async () => {
    const broken = (request: Request) =>
      new URL(request.url).pathname === '/'
        ? new Response('<script src="/assets/gone.js"></script>', { headers: { 'content-type': 'text/html' } })
        : new Response('not found', { status: 404 });
    const report = await scanPages([endpoint(broken, '/')]);
    expect(report.scanned).toEqual(['/']);
    expect(report.unscanned).toEqual([]);
    expect(report.skipped).toEqual([{ file: '/assets/gone.js', reason: 'http-error', detail: 'HTTP 404' }]);
  });

  it('reports a malformed source map as not scanned, and still scans its text', async () => {
    const maps = (request: Request) =>
      new URL(request.url).pathname === '/'
        ? new Response('<script src="/app.js"></script>', { headers: { 'content-type': 'text/html' } })
        : new URL(request.url).pathname === '/app.js'
          ? new Response('x()\n//# sourceMappingURL=app.js.map')
          : new Response(`{"version":3,"sourcesContent":["const k = '${KEY}';`);
    const report = await scanPages([endpoint(maps, '/')]);
    expect(report.unscanned).toEqual([{ file: '/app.js.map', reason: 'invalid-source-map', detail: expect.stringContaining('ends inside a string') }]);
    expect(report.findings.map((f) => [f.file, f.kind])).toEqual([['/app.js.map', 'secret_key']]);
  });
});
