/**
 * npm run bench [-- name…]: runs each benchmark in bench/ (every *.ts but this file) in its
 * own process, one after another so they do not compete for the two cores, and writes
 * what they print, with the machine and date, to bench/RESULTS.md. Given names, only those
 * run and only their sections of RESULTS.md are replaced; each section carries its own date.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const resultsPath = join(here, 'RESULTS.md');
/** Sections of the previous RESULTS.md by benchmark file name, kept when not re-run. */
const sections = new Map<string, string>();
if (existsSync(resultsPath)) {
  for (const part of readFileSync(resultsPath, 'utf8')
    .split(/^(?=## )/m)
    .slice(1))
    sections.set(part.slice(3, part.indexOf('\n')).trim(), `${part.trimEnd()}\n`);
}
const NOTES_MARKER = '<!-- notes: kept by bench/run.ts -->';
let failed = 0;
for (const bench of benches) {
  process.stdout.write(`bench ${bench} …\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, bench)], {
    cwd: join(here, '..'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) failed++;
  process.stdout.write(run.stdout);
  if (run.status !== 0) process.stderr.write(run.stderr);
  // Hand-written notes below the marker (what made the difference, why numbers moved) outlive re-runs.
  const notes = sections.get(bench)?.split(NOTES_MARKER)[1];
  sections.set(
    bench,
    `## ${bench}\n\n${run.stdout.trim() || '(no output)'}\n\n_${run.status === 0 ? 'completed' : `FAILED (exit ${run.status})`} in ${seconds} s, ${new Date().toISOString()}_\n${notes === undefined ? '' : `\n${NOTES_MARKER}${notes}`}`,
  );
}

const cpu = cpus();
const header = [
  '# Benchmark results',
  '',
  `- last run: ${new Date().toISOString()}${wanted.length ? ` (${benches.join(', ')}; other sections from earlier runs, each dated)` : ''}`,
  `- machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}`,
  `- node: ${process.version}`,
  '',
  'Written by `npm run bench`. Targets come from the issues; each section says whether it met them.',
  '',
].join('\n');
// A full run drops the sections of benchmarks that no longer exist; a named run keeps the others.
const ordered = [...sections.keys()]
  .filter((name) => wanted.length > 0 || benches.includes(name))
  .sort()
  .map((name) => sections.get(name)!);
writeFileSync(resultsPath, `${header}\n${ordered.join('\n')}`);
process.stdout.write(`wrote bench/RESULTS.md (${benches.length} benchmark(s), ${failed} failed)\n`);
process.exitCode = failed ? 1 : 0;
