import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CREDENTIAL_KINDS, detect, type DetectOptions } from '../detect/detectors.js';
import { toScanFinding, type ScanFinding } from './findings.js';
import { displayPath } from '../base/display-path.js';

/** Prefixes that bundlers (Vite, Next.js, CRA, Astro/SvelteKit, Nuxt, Expo) compile into browser code. */
export const PUBLIC_ENV_PREFIXES = ['VITE_', 'NEXT_PUBLIC_', 'REACT_APP_', 'PUBLIC_', 'NUXT_PUBLIC_', 'EXPO_PUBLIC_'] as const;

/** Names that announce a secret whatever value they hold today. */
const SECRET_NAME = /(?:^|_)(?:SECRET(?:_KEY)?|PRIVATE_KEY|RESTRICTED_KEY|WEBHOOK_SECRET|API_SECRET)(?:_|$)/;

export interface EnvEntry {
  name: string;
  value: string;
  line: number;
  /** 1-based column where the value starts. */
  column: number;
}

/** Parses dotenv syntax: `KEY=value`, `export KEY=value`, quoted values, `#` comments. */
export function parseEnv(text: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*/.exec(raw);
    if (!m) return;
    let value = raw.slice(m[0].length);
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      const end = value.indexOf(quote, 1);
      value = end === -1 ? value.slice(1) : value.slice(1, end);
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out.push({ name: m[2]!, value, line: i + 1, column: m[0].length + (quote === '"' || quote === "'" || quote === '`' ? 2 : 1) });
  });
  return out;
}

export function publicPrefixOf(name: string): string | undefined {
  return PUBLIC_ENV_PREFIXES.find((p) => name.startsWith(p));
}

export interface EnvExposure {
  finding: ScanFinding;
  /** The variable that ships the value to the browser. */
  variable: string;
  prefix: string;
  /** `value`: it holds a secret; `name`: its name says it is one. */
  reason: 'value' | 'name';
}

/**
 * Variables with a browser-public prefix that hold a secret-shaped credential or a known
 * secret, or whose name says they are a secret (`VITE_0BIT_SECRET_KEY`), in one file.
 */
export function publicEnvExposures(text: string, file: string, options: DetectOptions = {}): EnvExposure[] {
  const out: EnvExposure[] = [];
  for (const entry of parseEnv(text)) {
    const prefix = publicPrefixOf(entry.name);
    if (!prefix || entry.value === '') continue;
    const found = detect(entry.value, { ...options, kinds: options.kinds ?? CREDENTIAL_KINDS }).filter(
      (d) => d.known || (d.kind !== 'publishable_key' && d.kind !== 'client_secret'),
    );
    for (const d of found) {
      out.push({ finding: toScanFinding(d, { file, line: entry.line, column: entry.column + d.start }), variable: entry.name, prefix, reason: 'value' });
    }
    if (found.length === 0 && SECRET_NAME.test(entry.name.slice(prefix.length))) {
      const finding = toScanFinding(
        { kind: 'known_secret', start: 0, end: entry.value.length, value: entry.value },
        { file, line: entry.line, column: entry.column },
      );
      out.push({ finding, variable: entry.name, prefix, reason: 'name' });
    }
  }
  return out;
}

export interface EnvScan {
  scanned: string[];
  skipped: { file: string; reason: 'unreadable'; detail: string }[];
  exposures: EnvExposure[];
}

export async function scanEnvFiles(files: readonly string[], options: DetectOptions & { relativeTo?: string } = {}): Promise<EnvScan> {
  const name = (file: string) => displayPath(resolve(file), resolve(options.relativeTo ?? process.cwd()));
  const result: EnvScan = { scanned: [], skipped: [], exposures: [] };
  for (const file of files) {
    let text: string;
    try {
      // A FIFO named here would hold the read forever: only a regular file is read.
      if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
      text = await readFile(file, 'utf8');
    } catch (error) {
      result.skipped.push({ file: name(file), reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) });
      continue;
    }
    result.scanned.push(name(file));
    result.exposures.push(...publicEnvExposures(text, name(file), options));
  }
  return result;
}
