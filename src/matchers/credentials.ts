import { z } from 'zod';
import { knownSecrets, registerSecret } from '../evidence/secrets.js';
import { isEndpoint, type Endpoint } from '../http/target.js';
import { configuredShapes } from '../scan/configured-shapes.js';
import { CREDENTIAL_KINDS, SECRET_KINDS, classify, detect, environmentOf, type DetectorKind } from '../scan/detectors.js';
import { scanEnvFiles, type EnvExposure } from '../scan/env-files.js';
import { maskValue } from '../scan/mask.js';
import { evidenceFindings, findingLines, scanDetails, skippedLine } from '../scan/report-lines.js';
import { scanClientSurface } from '../scan/surface.js';
import { describeIssues, finish, finishSync, misuse, type MatcherState } from './util.js';
import { runContext } from './run-context.js';

export interface ServerSideOnlyOptions {
  /** The built client: every file in it is scanned (JS, CSS, HTML, JSON, source maps, `.env*`, …). */
  clientDir?: string;
  /** Served pages (URLs or `endpoint(app, '/')`): each page and the same-origin scripts it loads. */
  pages?: Array<string | URL | Endpoint>;
  /** `.env*` files: a variable with a browser-public prefix (`VITE_`, `NEXT_PUBLIC_`, …) must not hold a secret. */
  envFiles?: string[];
  /** Files larger than this are skipped and listed (default 128 MiB). */
  maxFileBytes?: number;
}

export type KeyEnvironment = 'live' | 'sandbox';

export const pageSchema = z.union([
  z.url({ protocol: /^https?$/ }),
  z.instanceof(URL),
  z.custom<Endpoint>(isEndpoint, 'expected a URL or endpoint(app, path)'),
]);

const serverSideOnlySchema = z
  .strictObject({
    clientDir: z.string().min(1).optional(),
    pages: z.array(pageSchema).optional(),
    envFiles: z.array(z.string().min(1)).optional(),
    maxFileBytes: z.number().int().positive().optional(),
  })
  .refine((o) => o.clientDir !== undefined || (o.pages?.length ?? 0) > 0 || (o.envFiles?.length ?? 0) > 0, {
    message: 'name at least one of clientDir, pages or envFiles to scan',
  });

function exposureLine(e: EnvExposure): string {
  const f = e.finding;
  const what = e.reason === 'name' ? `its name says it is a secret (value ${f.masked})` : `it holds ${f.kind.replace(/_/g, ' ')} ${f.masked}`;
  return `${f.file}:${f.line}:${f.column}  ${e.variable} ships to the browser (${e.prefix} prefix): ${what}`;
}

/** Secret keys and every secret-shaped credential; publishable keys and client secrets are the browser matcher's business. */
const isLeak = (f: { kind: DetectorKind; known: boolean }) => f.known || SECRET_KINDS.includes(f.kind);

async function toBeServerSideOnly(this: MatcherState, received: unknown, options: ServerSideOnlyOptions) {
  const name = 'toBeServerSideOnly';
  if (typeof received !== 'string' || received.length < 8) misuse(name, 'expected the secret key (a string) as the received value');
  registerSecret(received);
  const parsed = serverSideOnlySchema.safeParse(options ?? {});
  if (!parsed.success) misuse(name, describeIssues(parsed.error.issues));
  const opts = parsed.data;
  const scanOptions = { shapes: configuredShapes(), knownSecrets: [received, ...knownSecrets()], kinds: CREDENTIAL_KINDS, maxFileBytes: opts.maxFileBytes };

  let surface;
  try {
    surface = await scanClientSurface({ clientDir: opts.clientDir, pages: opts.pages }, scanOptions);
  } catch (error) {
    misuse(name, `clientDir ${JSON.stringify(opts.clientDir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const env = await scanEnvFiles(opts.envFiles ?? [], scanOptions);
  const leaks = surface.findings.filter(isLeak);
  const inMaps = leaks.filter((f) => f.source !== undefined);
  const scannedCount = surface.scanned.length + env.scanned.length;
  const pass = scannedCount > 0 && leaks.length === 0 && env.exposures.length === 0;
  const key = maskValue(received);
  const note = (f: { known: boolean }) => (f.known ? 'the key under test' : undefined);

  const summary =
    scannedCount === 0
      ? `nothing was scanned: no readable client file, page or env file`
      : pass
        ? `${key} and every secret-shaped credential are absent from ${surface.scanned.length} client artefact(s) (${surface.bytes} bytes) and from public variables in ${env.scanned.length} env file(s)`
        : `${key} or another secret reaches the client: ${leaks.length} finding(s) in client artefacts${inMaps.length ? ` (${inMaps.length} in source map sourcesContent)` : ''}, ${env.exposures.length} public env variable(s)`;
  return finish(this, name, 'credentials', 'secretKey', {
    pass,
    summary,
    details: [...findingLines(leaks, note), ...env.exposures.slice(0, 25).map(exposureLine), ...skippedLine(surface)],
    evidence: {
      findings: [...evidenceFindings(leaks, note), ...evidenceFindings(env.exposures.map((e) => e.finding), () => 'public env variable')],
      checks: [
        { name: 'absent from client files and pages', ok: leaks.length - inMaps.length === 0, detail: `${surface.scanned.length} scanned` },
        { name: 'absent from source map sourcesContent', ok: inMaps.length === 0 },
        { name: 'no browser-public env variable holds a secret', ok: env.exposures.length === 0, detail: `${env.scanned.length} env file(s)` },
      ],
      details: { ...scanDetails(surface, leaks), envFiles: env.scanned, envSkipped: env.skipped, key },
    },
  });
}

/** Every credential in a string or (deeply) in a config object, with where it sits. */
function credentialsIn(value: unknown, path: string, out: Array<{ path: string; value: string; kind: DetectorKind }>, depth = 0): void {
  if (typeof value === 'string') {
    const shapes = configuredShapes();
    for (const d of detect(value, { shapes, kinds: CREDENTIAL_KINDS, decode: false })) out.push({ path, value: d.value, kind: d.kind });
    return;
  }
  if (depth > 8 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) credentialsIn(v, path ? `${path}.${k}` : k, out, depth + 1);
}

function toBeKeyForEnvironment(this: MatcherState, received: unknown, wanted?: KeyEnvironment) {
  const name = 'toBeKeyForEnvironment';
  // Without an argument the key must be for the run's own environment.
  const environment = wanted === undefined ? runContext()?.environment : wanted;
  if (environment !== 'live' && environment !== 'sandbox') misuse(name, `expected 'live' or 'sandbox', got ${JSON.stringify(environment)}`);
  if (typeof received !== 'string' && (typeof received !== 'object' || received === null)) {
    misuse(name, 'expected a key (string) or a config object holding keys as the received value');
  }
  const found: Array<{ path: string; value: string; kind: DetectorKind }> = [];
  credentialsIn(received, '', found);
  const keyed = found.map((f) => ({ ...f, environment: environmentOf(f.value), masked: maskValue(f.value, f.kind) }));
  // Publishable keys are public; registering one would mask it (and flag it) everywhere.
  for (const k of keyed) if (k.kind !== 'publishable_key') registerSecret(k.value);
  const wrong = keyed.filter((k) => k.environment !== environment);
  const unrecognised = typeof received === 'string' && classify(received, { shapes: configuredShapes() }) === undefined;
  const pass = keyed.length > 0 && wrong.length === 0 && !unrecognised;
  const where = (k: { path: string }) => (k.path ? `${k.path}: ` : '');
  const summary =
    keyed.length === 0 || unrecognised
      ? `no ${environment} credential of a documented shape found (expected sk_${environment}_…, pk_${environment}_…, rk_${environment}_…)`
      : pass
        ? `${keyed.length} credential(s) made for ${environment}: ${keyed.map((k) => `${where(k)}${k.masked}`).join(', ')}`
        : `${wrong.length} of ${keyed.length} credential(s) are not made for ${environment}`;
  return finishSync(this, name, 'credentials', 'key', {
    pass,
    summary,
    details: (pass ? keyed : wrong).map((k) => `${where(k)}${k.kind.replace(/_/g, ' ')} ${k.masked} is ${k.environment ? `a ${k.environment} credential` : 'not tied to an environment'}`),
    evidence: {
      findings: keyed.map((k) => ({ kind: k.kind, masked: k.masked, ...(k.path ? { file: k.path } : {}), note: k.environment ?? 'no environment' })),
      checks: keyed.map((k) => ({ name: `${where(k)}${k.masked} is for ${environment}`, ok: k.environment === environment })),
      details: { environment, credentials: keyed.length },
      scope: { environment },
    },
  });
}

/** Matchers of the `credentials` area. */
export const credentialsMatchers = { toBeServerSideOnly, toBeKeyForEnvironment };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Scans every client-delivered artefact (the built `clientDir`, served `pages` and the
       * scripts they load, source maps with `sourcesContent`) for the secret key in any
       * encoding (plain, base64, hex, URL/JSON-escaped, split across `"sk_li"+"ve_…"`) and
       * for any other secret-shaped credential, and checks that no `.env*` variable with a
       * browser-public prefix (`VITE_`, `NEXT_PUBLIC_`, `REACT_APP_`, `PUBLIC_`,
       * `NUXT_PUBLIC_`, `EXPO_PUBLIC_`) holds one. Fails with file:line:column and masked values.
       *
       * @example
       * await expect(process.env.ZEROBIT_SECRET_KEY).toBeServerSideOnly({ clientDir: 'dist', pages: ['https://shop.example/'], envFiles: ['.env.production'] })
       */
      toBeServerSideOnly(options: ServerSideOnlyOptions): Promise<void>;
      /**
       * Passes when the key (or every key in a config object) is made for `environment`:
       * a live key in sandbox config, or a sandbox key in live config, fails.
       *
       * @example
       * expect(config.zerobit).toBeKeyForEnvironment('sandbox')
       */
      toBeKeyForEnvironment(environment?: KeyEnvironment): void;
    }
  }
}
