/**
 * The HTML evidence report at 10,000 tests (one evidence block each): generation time,
 * file size, Chromium DOMContentLoaded and text-filter latency, measured in the page.
 * Reference points on an equivalent 10,000-test Vitest suite: Vitest's `html` reporter
 * (@vitest/ui) and allure-vitest's results rendered by Allure 3 as a single file (the
 * generator, npm `allure`, is not a dependency: set ALLURE_BIN to its binary, or the
 * bench tries `npx --yes allure@3` and says so when that is not possible).
 *
 * Targets (issue 6): generation ≤ 1 s, file ≤ 8 MB, DOMContentLoaded ≤ 1 s, filter ≤ 100 ms.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderReport } from '../src/report/html.js';
import { hasChromium, launchChromium } from '../test/report/chromium.js';
import { largePredicate } from '../test/report/fixtures.js';

const N = 10_000;
const FILES = 100;
const root = resolve('.tmp/bench-report');
const suite = join(root, 'suite');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const ms = (n: number | undefined): string => (n === undefined ? 'n/a' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);

function dirSize(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).size;
  return readdirSync(path).reduce((sum, f) => sum + dirSize(join(path, f)), 0);
}

interface Row {
  name: string;
  generationMs?: number;
  bytes?: number;
  files?: number;
  dclMs?: number;
  filterMs?: number;
  note: string;
}

/** DOMContentLoaded from navigation start, median of five fresh loads. */
async function domContentLoaded(browser: Browser, url: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    samples.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
    await context.close();
  }
  return median(samples);
}

/**
 * CPU time the page's main thread spent before DOMContentLoaded (its tasks' thread time,
 * from a Chromium trace): unlike the wall-clock time it hardly changes with what else the
 * machine is running.
 */
async function mainThreadCpuToDcl(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'loading'] });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: Array<{ name: string; tid: number; ts: number; tdur?: number }> };
  await context.close();
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'ParseHTML')!.tid;
  const dcl = events.find((e) => e.tid === main && e.name === 'MarkDOMContent')!.ts;
  return events
    .filter((e) => e.tid === main && e.name === 'ThreadControllerImpl::RunTask' && e.ts < dcl)
    .reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0);
}

/**
 * Types a query into a search box and times it in the page, from the input event to the
 * last DOM change it caused (observed until 300 ms pass without one, for debounced UIs).
 */
async function filterLatency(page: Page, selector: string, query: string): Promise<number> {
  // A string, not a function: tsx would add helpers to a function that do not exist in the page.
  return page.evaluate(`(async (selector, query) => {
    const input = document.querySelector(selector);
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    let last = performance.now();
    const observer = new MutationObserver(() => { last = performance.now(); });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const start = performance.now();
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frame();
    while (performance.now() - last < 300) await frame();
    observer.disconnect();
    return Math.max(last, start) - start;
  })(${JSON.stringify(selector)}, ${JSON.stringify(query)})`);
}

async function ours(browser: Browser | undefined): Promise<Row> {
  const predicate = largePredicate(N);
  const input = { predicate, keyid: 'ab'.repeat(32), payloadDigest: 'cd'.repeat(32), recordPath: 'launch-evidence/launch-record.json' };
  renderReport(input);
  const times: number[] = [];
  let page = '';
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    page = renderReport(input);
    times.push(performance.now() - t);
  }
  const file = join(root, 'launch-report.html');
  writeFileSync(file, page);
  const row: Row = { name: '0bit-launch report', generationMs: median(times), bytes: Buffer.byteLength(page), files: 1, note: 'one self-contained file; works from file://' };
  if (!browser) return row;
  const url = pathToFileURL(file).href;
  row.dclMs = await domContentLoaded(browser, url);
  const cpu = await mainThreadCpuToDcl(browser, url);
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(url, { waitUntil: 'load' });
  await tab.waitForTimeout(1000); // the page builds its search index when idle
  const handler: number[] = [];
  const frames: number[] = [];
  for (const query of ['forged', 'webhooks > sig', 'no test is called this', 'launch.test.ts:17', '']) {
    const result = await tab.evaluate(async (q) => {
      const box = document.getElementById('f-text') as HTMLInputElement;
      const start = performance.now();
      box.value = q;
      box.dispatchEvent(new Event('input'));
      const measured = performance.getEntriesByName('0bit-filter').at(-1)!.duration;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return { measured, frame: performance.now() - start };
    }, query);
    handler.push(result.measured);
    frames.push(result.frame);
  }
  // Opening a test builds its evidence from the page's JSON; Expand all builds every test's.
  const opening = (await tab.evaluate(`(async () => {
    const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const tests = document.querySelectorAll('details.t');
    let start = performance.now();
    tests[Math.floor(tests.length / 2)].querySelector('summary').click();
    await nextFrame();
    const one = performance.now() - start;
    start = performance.now();
    document.getElementById('f-open').click();
    await nextFrame();
    return { one, all: performance.now() - start };
  })()`)) as { one: number; all: number };
  await context.close();
  row.filterMs = Math.max(...frames);
  row.note += `; filter handler (performance.measure 0bit-filter) max ${ms(Math.max(...handler))}, index built when the page is idle`;
  row.note += `; main-thread CPU before DOMContentLoaded ${ms(cpu)}; opening a test ${ms(opening.one)}, Expand all ${ms(opening.all)} (to the next frame)`;
  return row;
}

function writeSuite(): void {
  rmSync(suite, { recursive: true, force: true });
  mkdirSync(suite, { recursive: true });
  const perFile = N / FILES;
  for (let f = 0; f < FILES; f++) {
    writeFileSync(
      join(suite, `area-${f}.test.ts`),
      `import { describe, expect, test } from 'vitest';
describe('Area ${f}', () => {
  for (let i = 0; i < ${perFile}; i++) {
    test(\`signature verification refuses forged deliveries #\${i}\`, async ({ annotate }) => {
      await annotate(\`probe POST /webhooks/0bit -> \${i % 50 === 7 ? 200 : 400}; webhook-id: evt_${f}_\${i}\`, 'evidence');
      expect(i % 50 === 7 ? 200 : 400).toBe(400);
    });
  }
});
`,
    );
  }
  writeFileSync(join(suite, 'vitest.config.mjs'), `export default { test: { include: ['*.test.ts'] } };\n`);
  writeFileSync(
    join(suite, 'timed-html.mjs'),
    `import { writeFileSync } from 'node:fs';
import HTMLReporter from '@vitest/ui/reporter';
/** Vitest's html reporter, timed around the hook that writes the report. */
export default class TimedHtml extends HTMLReporter {
  async onTestRunEnd(...args) {
    const t = performance.now();
    await super.onTestRunEnd(...args);
    writeFileSync(${JSON.stringify(join(root, 'vitest-html.ms'))}, String(performance.now() - t));
  }
}
`,
  );
}

function vitest(args: string[]): void {
  const run = spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', suite, '--config', join(suite, 'vitest.config.mjs'), ...args], {
    cwd: resolve('.'),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  if (run.error) throw run.error;
}

/** A static file server on loopback: Vitest's html report fetches its data, so it cannot run from file://. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.gz': 'application/gzip', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    r({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
  }));
}

async function vitestHtml(browser: Browser | undefined): Promise<Row> {
  const out = join(root, 'vitest-html');
  vitest(['--reporter', join(suite, 'timed-html.mjs'), '--outputFile.html', join(out, 'index.html')]);
  const generationMs = Number(readText(join(root, 'vitest-html.ms')));
  const row: Row = { name: 'Vitest html reporter', generationMs, bytes: dirSize(out), files: countFiles(out), note: 'needs an HTTP server (fetches html.meta.json.gz); size is the whole folder' };
  if (!browser) return row;
  const { server, url } = await serve(out);
  try {
    row.dclMs = await domContentLoaded(browser, url);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
    const search = 'input[placeholder*="earch"]';
    await page.waitForSelector(search, { timeout: 60_000 });
    const samples = [];
    for (const q of ['forged #7', 'Area 42', 'no test is called this', '']) samples.push(await filterLatency(page, search, q));
    row.filterMs = Math.max(...samples);
    row.note += '; filter = input to last DOM change (its search is debounced)';
    await context.close();
  } finally {
    server.close();
  }
  return row;
}

function allureBin(): string[] | undefined {
  if (process.env.ALLURE_BIN) return [process.env.ALLURE_BIN];
  const probe = spawnSync('npx', ['--yes', 'allure@3', '--version'], { encoding: 'utf8', timeout: 5 * 60_000 });
  return probe.status === 0 ? ['npx', '--yes', 'allure@3'] : undefined;
}

async function allure(browser: Browser | undefined): Promise<Row> {
  const results = join(root, 'allure-results');
  rmSync(results, { recursive: true, force: true });
  writeFileSync(
    join(suite, 'allure.config.mjs'),
    `export default { test: { include: ['*.test.ts'], setupFiles: ['allure-vitest/setup'], reporters: [['allure-vitest/reporter', { resultsDir: ${JSON.stringify(results)} }]] } };\n`,
  );
  const run = spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', suite, '--config', join(suite, 'allure.config.mjs')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 15 * 60_000 });
  if (run.error) throw run.error;
  const resultsBytes = existsSync(results) ? dirSize(results) : 0;
  const bin = allureBin();
  if (!bin) {
    return { name: 'allure-vitest (single file)', note: `allure-results only (${mb(resultsBytes)} in ${countFiles(results)} files): Allure 3's generator (npm allure) could not be installed or run here, so no single-file report` };
  }
  const out = join(root, 'allure-report');
  rmSync(out, { recursive: true, force: true });
  writeFileSync(join(root, 'allurerc.mjs'), `export default { name: '0bit-launch bench', output: ${JSON.stringify(out)}, plugins: { awesome: { options: { singleFile: true } } } };\n`);
  const t = performance.now();
  const gen = spawnSync(bin[0]!, [...bin.slice(1), 'generate', results, '--config', join(root, 'allurerc.mjs'), '--output', out], { encoding: 'utf8', cwd: root, timeout: 15 * 60_000 });
  const generationMs = performance.now() - t;
  const html = findHtml(out);
  if (gen.status !== 0 || !html) {
    return { name: 'allure-vitest (single file)', note: `allure generate failed (exit ${gen.status}): ${(gen.stderr || gen.stdout).trim().split('\n').slice(-2).join(' ')}` };
  }
  const row: Row = { name: 'allure-vitest + Allure 3 (single file)', generationMs, bytes: statSync(html).size, files: countFiles(out), note: `${bin.join(' ')} generate, awesome plugin, singleFile; generation time includes the CLI's start-up` };
  if (!browser) return row;
  const url = pathToFileURL(html).href;
  row.dclMs = await domContentLoaded(browser, url);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const search = 'input[type="search"], input[placeholder*="earch"], input[placeholder*="ilter"]';
  const found = await page.waitForSelector(search, { timeout: 30_000 }).then(() => true, () => false);
  if (found) {
    const samples = [];
    for (const q of ['forged #7', 'Area 42', 'no test is called this', '']) samples.push(await filterLatency(page, search, q));
    row.filterMs = Math.max(...samples);
    row.note += '; filter = input to last DOM change';
  } else row.note += '; no search box found to time';
  await context.close();
  return row;
}

function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : 'NaN';
}
function countFiles(path: string): number {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return 1;
  return readdirSync(path).reduce((n, f) => n + countFiles(join(path, f)), 0);
}
function findHtml(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      const inner = findHtml(p);
      if (inner) return inner;
    } else if (f === 'index.html') return p;
  }
  return undefined;
}

mkdirSync(root, { recursive: true });
const browser = hasChromium() ? await launchChromium() : undefined;
const rows: Row[] = [];
try {
  rows.push(await ours(browser));
  if (!process.argv.includes('--ours-only')) {
    writeSuite();
    rows.push(await vitestHtml(browser));
    rows.push(await allure(browser));
  }
} finally {
  await browser?.close();
}

const target = rows[0]!;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log(`${N.toLocaleString('en-US')} tests, one evidence block (or annotation) each${browser ? '' : '; /usr/bin/chromium absent, so no page timings'}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs\n`);
console.log('| report | generation | size | files | DOMContentLoaded | text filter | notes |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${ms(r.generationMs)} | ${r.bytes === undefined ? 'n/a' : mb(r.bytes)} | ${r.files ?? 'n/a'} | ${ms(r.dclMs)} | ${ms(r.filterMs)} | ${r.note} |`);
}
console.log(
  `\nTargets for the 0bit-launch report: generation ≤ 1 s ${verdict((target.generationMs ?? Infinity) <= 1000)}; ` +
    `size ≤ 8 MB ${verdict((target.bytes ?? Infinity) <= 8e6)}; ` +
    `DOMContentLoaded ≤ 1 s ${target.dclMs === undefined ? 'not measured' : verdict(target.dclMs <= 1000)}; ` +
    `filter ≤ 100 ms ${target.filterMs === undefined ? 'not measured' : verdict(target.filterMs <= 100)}.`,
);
