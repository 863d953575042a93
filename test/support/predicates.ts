import { AREA_IDS, type AreaId } from '../../src/areas.js';
import type { Evidence } from '../../src/evidence/types.js';
import { assemblePredicate } from '../../src/record/assemble.js';
import type { CollectedTest } from '../../src/record/collect.js';
import type { Environment, LaunchPredicate, RunFacts, SandboxLink } from '../../src/record/schema.js';

const SIGNALS = ['session_failures', 'webhook_dead_letters', 'reconciliation_backlog'];
const DIMENSIONS = ['product', 'region', 'asset', 'method', 'verification'];

function ev(matcher: string, area: AreaId, scope: Evidence['scope'] = {}): Evidence {
  return {
    matcher,
    area,
    pass: true,
    negated: false,
    summary: `${matcher} held`,
    probes: [],
    findings: [],
    checks: [],
    details: {},
    scope,
    attempt: 0,
    repeat: 0,
  };
}

/** Evidence that meets every area's minimum profile for a run of `environment` on `surface`. */
export function profileEvidence(area: AreaId, environment: Environment = 'sandbox', surface = '0gate'): Evidence[] {
  switch (area) {
    case 'product':
      return [ev('toBeLaunchableSurface', area, { surface })];
    case 'credentials':
      return [ev('toBeServerSideOnly', area)];
    case 'browser':
      return [ev('toExposeOnlyBrowserSafeValues', area)];
    case 'origins':
      return [ev('toBeExplicitOriginAllowlist', area), ev('toAcceptReturnUrl', area)];
    case 'webhooks':
      return [ev('toVerifyWebhookSignatures', area), ev('toLogWebhookEvents', area)];
    case 'idempotency':
      return [ev('toBeIdempotent', area), ev('toBeDuplicateSafe', area)];
    case 'monitoring':
      return [ev('toCoverAlerts', area, { signals: SIGNALS })];
    case 'support':
      return [ev('toBeRedacted', area), ev('toReferenceSupportPath', area)];
    case 'availability':
      return [ev('toEnable', area, { environment, dimensions: DIMENSIONS })];
  }
}

export interface PredicateFields {
  environment?: Environment;
  productSurface?: string | null;
  /** Areas whose one test failed. */
  failing?: AreaId[];
  finishedAt?: string;
  signer?: RunFacts['signer'];
  sandboxRecord?: SandboxLink | null;
  compliance?: LaunchPredicate['compliance'];
  run?: Partial<RunFacts>;
}

/**
 * A predicate as the reporter would assemble it (one evidence-backed test per area), so
 * its verdict is consistent and `verify` accepts it; `failing` makes areas fail for real.
 */
export function consistentPredicate(fields: PredicateFields = {}): LaunchPredicate {
  const environment = fields.environment ?? 'sandbox';
  const surface = fields.productSurface === undefined ? '0gate' : fields.productSurface;
  const tests: CollectedTest[] = AREA_IDS.map((area) => {
    const failed = fields.failing?.includes(area) ?? false;
    return {
      id: `t-${area}`,
      fullName: `${area} holds`,
      file: `specs/${area}.spec.ts`,
      areas: [area],
      state: failed ? 'failed' : 'passed',
      durationMs: 1,
      failure: failed ? `${area} broke` : undefined,
      inverted: false,
      flaky: false,
      evidence: profileEvidence(area, environment, surface ?? '0gate'),
    };
  });
  const finishedAt = fields.finishedAt ?? '2026-03-01T12:00:00.000Z';
  const run: RunFacts = {
    id: 'run-1',
    startedAt: new Date(Date.parse(finishedAt) - 60_000).toISOString(),
    finishedAt,
    reason: fields.failing?.length ? 'failed' : 'passed',
    unhandledErrors: 0,
    suiteErrors: [],
    versions: { vitest: '4.1.12', node: 'v20.20.2', plugin: '0.1.0' },
    git: null,
    filters: { testNamePattern: null, files: [], projects: [], tagsFilter: [], only: false },
    shards: { shard: null, merged: 0, complete: true, mismatches: [] },
    require: {},
    signer: fields.signer ?? { kind: 'ephemeral', keyid: 'k' },
    ...fields.run,
  };
  return assemblePredicate({
    collected: { tests, suiteErrors: [] },
    waivers: [],
    now: new Date(finishedAt),
    environment,
    productSurface: surface,
    compliance: fields.compliance ?? null,
    sandboxRecord: fields.sandboxRecord ?? null,
    run,
  });
}
