import { z } from 'zod';
import { knownSecrets, registerSecret } from '../evidence/secrets.js';
import { SECRET_KINDS } from '../detect/detectors.js';
import { scanEnvFiles, type EnvExposure } from '../scan/env-files.js';
import { maskValue } from '../detect/mask.js';
import { scanSurface, surfaceFields, type ClientSurfaceOptions } from './client-surface.js';
import { configuredShapes } from './credential-shapes.js';
import { evidenceFindings, findingLines, scanDetails, skippedLine, unscannedLines } from './scan-evidence.js';
import { finish, misuse, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

export interface ServerSideOnlyOptions extends ClientSurfaceOptions {
  /** `.env*` files: a variable with a browser-public prefix (`VITE_`, `NEXT_PUBLIC_`, …) must not hold a secret. */
  envFiles?: string[];
}

const optionsSchema = z
  .strictObject({ ...surfaceFields, envFiles: z.array(z.string().min(1)).optional() })
  .refine((o) => o.clientDir !== undefined || (o.pages?.length ?? 0) > 0 || (o.envFiles?.length ?? 0) > 0, {
    message: 'name at least one of clientDir, pages or envFiles to scan',
  });

function exposureLine(e: EnvExposure): string {
  const f = e.finding;
  const what = e.reason === 'name' ? `its name says it is a secret (value ${f.masked})` : `it holds ${f.kind.replace(/_/g, ' ')} ${f.masked}`;
  return `${f.file}:${f.line}:${f.column}  ${e.variable} ships to the browser (${e.prefix} prefix): ${what}`;
}

async function toBeServerSideOnly(this: MatcherState, received: unknown, options: ServerSideOnlyOptions) {
  const name = 'toBeServerSideOnly';
  if (typeof received !== 'string' || received.length < 8) misuse(name, 'expected the secret key (a string) as the received value');
  registerSecret(received);
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) misuse(name, describeIssues(parsed.error.issues));
  const opts = parsed.data;
  // Only secrets are reported here: publishable keys and client secrets are the browser matcher's business.
  const scanOptions = { shapes: configuredShapes(), knownSecrets: [received, ...knownSecrets()], kinds: SECRET_KINDS };

  const surface = await scanSurface(name, opts, scanOptions);
  const env = await scanEnvFiles(opts.envFiles ?? [], scanOptions);
  for (const s of env.skipped) surface.unscanned.push({ file: s.file, reason: 'unreadable', detail: s.detail });
  const leaks = surface.findings;
  const inMaps = leaks.filter((f) => f.source !== undefined).length;
  const scannedCount = surface.scanned.length + env.scanned.length;
  const incomplete = surface.unscanned.length;
  const pass = scannedCount > 0 && surface.findingCount === 0 && env.exposures.length === 0 && incomplete === 0;
  const key = maskValue(received);
  const note = (f: { known: boolean }) => (f.known ? 'the key under test' : undefined);

  let summary: string;
  if (scannedCount === 0 && incomplete === 0) summary = 'nothing was scanned: no readable client file, page or env file';
  else if (surface.findingCount > 0 || env.exposures.length > 0) {
    summary = `${key} or another secret reaches the client: ${surface.findingCount} finding(s) in client artefacts${inMaps ? ` (${inMaps} in source map sourcesContent)` : ''}, ${env.exposures.length} public env variable(s)`;
  } else if (incomplete > 0)
    summary = `the scan is incomplete: ${incomplete} file(s) of the client surface could not be scanned, so ${key} is not shown absent`;
  else
    summary = `${key} and every secret-shaped credential are absent from ${surface.scanned.length} client artefact(s) (${surface.bytes} bytes) and from public variables in ${env.scanned.length} env file(s)`;

  return finish(this, name, 'credentials', 'secretKey', {
    pass,
    summary,
    details: [
      ...findingLines(leaks, surface.findingCount, note),
      ...env.exposures.slice(0, 25).map(exposureLine),
      ...unscannedLines(surface),
      ...skippedLine(surface),
    ],
    evidence: {
      findings: [
        ...evidenceFindings(leaks, note),
        ...evidenceFindings(
          env.exposures.map((e) => e.finding),
          () => 'public env variable',
        ),
      ],
      checks: [
        { name: 'every file of the client surface scanned', ok: incomplete === 0, detail: `${surface.scanned.length} scanned, ${incomplete} not` },
        { name: 'absent from client files and pages', ok: surface.findingCount - inMaps === 0, detail: `${surface.scanned.length} scanned` },
        { name: 'absent from source map sourcesContent', ok: inMaps === 0 },
        { name: 'no browser-public env variable holds a secret', ok: env.exposures.length === 0, detail: `${env.scanned.length} env file(s)` },
      ],
      details: { ...scanDetails(surface), envFiles: env.scanned, key },
    },
  });
}

export const toBeServerSideOnlyMatcher = { toBeServerSideOnly };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Scans every client-delivered artefact (every file of the built `clientDir`, byte for
       * byte; served `pages` and the scripts they load; source maps' `sourcesContent`) for
       * the secret key in any encoding (plain, base64, hex, URL/JSON-escaped, split across
       * `"sk_li"+"ve_…"`) and for any other secret-shaped credential, and checks that no
       * `.env*` variable with a browser-public prefix (`VITE_`, `NEXT_PUBLIC_`, `REACT_APP_`,
       * `PUBLIC_`, `NUXT_PUBLIC_`, `EXPO_PUBLIC_`) holds one. Fails with file:line:column and
       * masked values, and fails when a file could not be scanned (unreadable, over
       * `maxFileBytes`, an archive, a malformed source map, a symlink out of `clientDir`)
       * until it is fixed or left out on purpose with `exclude`.
       *
       * @example
       * await expect(process.env.ZEROBIT_SECRET_KEY).toBeServerSideOnly({ clientDir: 'dist', pages: ['https://shop.example/'], envFiles: ['.env.production'] })
       */
      toBeServerSideOnly(options: ServerSideOnlyOptions): Promise<void>;
    }
  }
}
