import { z } from 'zod';
import { knownSecrets } from '../evidence/secrets.js';
import { CREDENTIAL_KINDS, classify, environmentOf, type Detection } from '../detect/detectors.js';
import { formatLocation, type ScanFinding } from '../scan/findings.js';
import { maskValue } from '../detect/mask.js';
import { scanSurface, surfaceFields } from './client-surface.js';
import { configuredShapes } from './credential-shapes.js';
import { evidenceFindings, findingLines, scanDetails, skippedLine, unscannedLines } from './scan-evidence.js';
import { finish, misuse, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

export interface BrowserSafeOptions {
  /** The publishable key the client is meant to ship, of the environment under test. */
  publishableKey: string;
}

const surfaceSchema = z
  .strictObject(surfaceFields)
  .refine((s) => s.clientDir !== undefined || (s.pages?.length ?? 0) > 0, { message: 'name clientDir and/or pages to scan' });

/**
 * What a browser may hold: the configured publishable key, and client secrets (the
 * sandbox proves them session-scoped with toBeSessionScoped) that no matcher registered
 * as a secret. These are counted, not listed: a dense build carries thousands.
 */
function browserSafe(publishableKey: string) {
  return (d: Detection) => !d.known && ((d.kind === 'publishable_key' && d.value === publishableKey) || d.kind === 'client_secret');
}

/** Why a credential found client-side is not browser-safe. */
function unsafeReason(f: ScanFinding, environment: string | undefined): string {
  if (f.kind === 'publishable_key' && !f.known) {
    if (f.environment && environment && f.environment !== environment) return `a ${f.environment} publishable key in a ${environment} build`;
    return 'a publishable key other than the configured one';
  }
  return 'not browser-safe';
}

async function toExposeOnlyBrowserSafeValues(this: MatcherState, received: unknown, options: BrowserSafeOptions) {
  const name = 'toExposeOnlyBrowserSafeValues';
  const surface = surfaceSchema.safeParse(received);
  if (!surface.success) misuse(name, `received: ${describeIssues(surface.error.issues)}`);
  const publishableKey = (options as BrowserSafeOptions | undefined)?.publishableKey;
  const shapes = configuredShapes();
  if (typeof publishableKey !== 'string' || classify(publishableKey, { shapes }) !== 'publishable_key') {
    misuse(name, 'options.publishableKey must be the publishable key (pk_live_… or pk_sandbox_…)');
  }
  const environment = environmentOf(publishableKey);
  const secrets = knownSecrets().filter((s) => s !== publishableKey);
  const report = await scanSurface(name, surface.data, { shapes, kinds: CREDENTIAL_KINDS, knownSecrets: secrets, allow: browserSafe(publishableKey) });
  const unsafe = report.findings;
  const incomplete = report.unscanned.length;
  const pk = report.allowed.publishable_key;
  const cs = report.allowed.client_secret;
  const pass = report.scanned.length > 0 && report.findingCount === 0 && incomplete === 0;
  const reason = (f: ScanFinding) => unsafeReason(f, environment);
  const safeLines = [
    ...(pk ? [`${maskValue(publishableKey)}: ${pk.count} occurrence(s), first at ${formatLocation(pk.first)}`] : []),
    ...(cs ? [`client secrets: ${cs.count} occurrence(s), first at ${formatLocation(cs.first)}`] : []),
  ];

  let summary: string;
  if (report.scanned.length === 0 && incomplete === 0) summary = 'nothing was scanned: no readable client file or page';
  else if (report.findingCount > 0) {
    summary = `${report.findingCount} credential(s) in the client surface are not browser-safe (expected only ${maskValue(publishableKey)} and client secrets)`;
  } else if (incomplete > 0)
    summary = `the scan is incomplete: ${incomplete} file(s) of the client surface could not be scanned, so they are not shown browser-safe`;
  else
    summary = `every credential in ${report.scanned.length} client artefact(s) is browser-safe: ${(pk?.count ?? 0) + (cs?.count ?? 0)} occurrence(s) of ${maskValue(publishableKey)} or a client secret`;

  return finish(this, name, 'browser', 'clientSurface', {
    pass,
    summary,
    details: [...(pass ? safeLines : findingLines(unsafe, report.findingCount, reason)), ...unscannedLines(report), ...skippedLine(report)],
    evidence: {
      findings: evidenceFindings(unsafe, reason),
      checks: [
        { name: 'every file of the client surface scanned', ok: incomplete === 0, detail: `${report.scanned.length} scanned, ${incomplete} not` },
        {
          name: 'only browser-safe credentials',
          ok: report.findingCount === 0,
          detail: `${(pk?.count ?? 0) + (cs?.count ?? 0)} safe, ${report.findingCount} unsafe`,
        },
        { name: `publishable key is for ${environment ?? 'its environment'}`, ok: !unsafe.some((f) => f.kind === 'publishable_key') },
      ],
      details: { ...scanDetails(report), publishableKey: maskValue(publishableKey), environment },
    },
  });
}

export const toExposeOnlyBrowserSafeValuesMatcher = { toExposeOnlyBrowserSafeValues };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Scans the client surface (`{ clientDir?, pages?, exclude?, maxFileBytes? }`) and passes
       * when every credential in it is the given publishable key (of the right environment)
       * or a client secret, and every file of it could be scanned. A secret key, a webhook
       * secret, another or other-environment publishable key fails, with file:line:column
       * and the masked value; so does a file that could not be scanned, until it is fixed
       * or left out on purpose with `exclude`.
       *
       * @example
       * await expect({ clientDir: 'dist', pages: ['https://shop.example/'] }).toExposeOnlyBrowserSafeValues({ publishableKey: 'pk_sandbox_…' })
       */
      toExposeOnlyBrowserSafeValues(options: BrowserSafeOptions): Promise<void>;
    }
  }
}
