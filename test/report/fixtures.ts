import { docsHref } from '../../src/report/docs-links.js';
import { AREA_IDS, type AreaId } from '../../src/areas.js';
import { evidenceSchema, type EvidenceInput } from '../../src/evidence/types.js';
import { decideVerdict } from '../../src/record/verdict.js';
import { profileEvidence } from '../support/predicates.js';
import {
  launchPredicateSchema,
  type Environment,
  type LaunchPredicate,
  type RunFacts,
  type SandboxLink,
  type TestState,
  type Waiver,
} from '../../src/record/schema.js';

/** Deterministic PRNG (mulberry32): the same seed gives the same record, byte for byte. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPEC_FILE: Record<AreaId, string> = {
  product: 'specs/product.launch.test.ts',
  credentials: 'specs/credentials.launch.test.ts',
  browser: 'specs/browser.launch.test.ts',
  origins: 'specs/origins.launch.test.ts',
  webhooks: 'specs/webhooks.launch.test.ts',
  idempotency: 'specs/idempotency.launch.test.ts',
  monitoring: 'specs/monitoring.launch.test.ts',
  support: 'specs/support.launch.test.ts',
  availability: 'specs/availability.launch.test.ts',
};

const SUITE: Record<AreaId, string> = {
  product: 'Product surface',
  credentials: 'Credentials',
  browser: 'Browser values',
  origins: 'Origins',
  webhooks: 'Webhooks',
  idempotency: 'Idempotency',
  monitoring: 'Monitoring',
  support: 'Support',
  availability: 'Availability',
};

const TEST_NAMES: Record<AreaId, string[]> = {
  product: ['checkout flow runs on a launchable surface', 'uses only documented sandbox endpoints'],
  credentials: ['live secret key never reaches the client bundle', 'secret key matches the live environment'],
  browser: ['client bundle carries only the publishable key', 'client secret is scoped to its session'],
  origins: ['CORS admits the production origin', 'CORS refuses an unlisted origin', 'return URL outside the allowlist is refused'],
  webhooks: ['signature verification refuses forged deliveries', 'every delivered event is logged'],
  idempotency: ['checkout creation is idempotent under retries', 'duplicate webhook deliveries fulfil once'],
  monitoring: ['alert rules cover the three launch signals', 'dead-letter fire drill reaches the pager'],
  support: ['runbook holds no secrets or raw PII', 'runbook names the support path'],
  availability: ['capabilities enable card payments in the EU', 'KYB verification is enabled for live'],
};

/** One realistic evidence block per area, shaped like what that area's matcher records. */
export function evidenceFor(area: AreaId, pass: boolean, n = 0): EvidenceInput {
  switch (area) {
    case 'webhooks':
      return {
        matcher: 'toVerifyWebhookSignatures',
        area,
        pass,
        summary: pass ? 'refused forged, tampered, stale and unsigned deliveries; accepted a valid one' : 'accepted a delivery with a forged signature',
        probes: [
          {
            name: 'valid signature',
            expected: '2xx',
            ok: true,
            request: { method: 'POST', path: '/webhooks/0bit', headers: { 'webhook-id': `evt_${n}`, 'webhook-signature': 'v1,Qm9n…[88 chars]' } },
            response: { status: 200 },
            durationMs: 4.2,
          },
          {
            name: 'forged signature',
            expected: '4xx',
            ok: pass,
            request: { method: 'POST', path: '/webhooks/0bit', headers: { 'webhook-id': `evt_${n}f` } },
            response: { status: pass ? 400 : 200, body: pass ? '{"error":"invalid signature"}' : '{"received":true}' },
            durationMs: 2.9,
          },
        ],
      };
    case 'idempotency':
      return {
        matcher: 'toBeIdempotent',
        area,
        pass,
        summary: pass ? '3 sequential and 2 concurrent retries caused 1 effect' : '3 retries caused 2 effects',
        probes: [
          {
            name: 'replay with the same key',
            expected: 'same response, no new effect',
            ok: pass,
            request: { method: 'POST', path: '/api/checkout', headers: { 'idempotency-key': `idem_${n}` }, body: '{"amount":1200,"currency":"EUR"}' },
            response: { status: 201, body: `{"id":"cs_${n}"}` },
            durationMs: 6.1,
          },
        ],
        details: { effects: pass ? 1 : 2, attempts: 5 },
      };
    case 'credentials':
    case 'browser':
    case 'support':
      return {
        matcher: area === 'support' ? 'toBeRedacted' : area === 'browser' ? 'toExposeOnlyBrowserSafeValues' : 'toBeServerSideOnly',
        area,
        pass,
        summary: pass ? 'scanned 14 files; no secret or raw PII found' : 'found a live secret key in a client-delivered file',
        findings: pass
          ? []
          : [{ kind: 'secret_key', masked: 'sk_live_…9f2c', file: 'dist/assets/index-4f1a.js', line: 1, column: 18342, note: 'delivered to every browser' }],
        checks: [{ name: 'files scanned', ok: true, detail: '14 files, 2 source maps' }],
      };
    case 'origins':
      return {
        matcher: 'toAllowOrigin',
        area,
        pass,
        summary: pass ? 'preflight from https://shop.example admitted' : 'preflight from https://evil.example admitted',
        probes: [
          {
            name: 'CORS preflight',
            expected: 'Access-Control-Allow-Origin echoes the origin',
            ok: pass,
            request: { method: 'OPTIONS', path: '/api/checkout', headers: { origin: 'https://shop.example' } },
            response: { status: 204, headers: { 'access-control-allow-origin': 'https://shop.example' } },
            durationMs: 1.8,
          },
        ],
      };
    case 'monitoring':
      return {
        matcher: 'toCoverAlerts',
        area,
        pass,
        summary: pass ? 'alert rules cover all 3 signals' : 'no rule covers reconciliation_backlog',
        checks: [
          { name: 'session_failures', ok: true, detail: 'rule CheckoutSessionFailures' },
          { name: 'webhook_dead_letters', ok: true, detail: 'rule WebhookDeadLetters' },
          { name: 'reconciliation_backlog', ok: pass, detail: pass ? 'rule ReconciliationBacklog' : 'no rule carries signal: reconciliation_backlog' },
        ],
      };
    case 'availability':
    case 'product':
      return {
        matcher: area === 'product' ? 'toBeLaunchableSurface' : 'toEnable',
        area,
        pass,
        summary: pass ? 'every requested capability is enabled' : 'method sepa_debit is disabled: not available in region',
        checks: [
          { name: 'region eu', ok: true },
          { name: 'method card', ok: true },
          { name: 'method sepa_debit', ok: pass, detail: pass ? undefined : 'not available in region' },
        ],
      };
  }
}

export interface TestSpec {
  area: AreaId;
  state?: TestState;
  name?: string;
  failure?: string;
  waiver?: Waiver;
  evidence?: EvidenceInput[];
  /** Declared with `test.fails`. */
  inverted?: boolean;
  /** Passed after a retry. */
  flaky?: boolean;
}

export interface PredicateOptions {
  environment?: Environment;
  productSurface?: string;
  tests: TestSpec[];
  untagged?: LaunchPredicate['untagged'];
  ignoredWaivers?: LaunchPredicate['waivers']['ignored'];
  sandboxRecord?: SandboxLink | null;
  run?: Partial<RunFacts>;
  compliance?: LaunchPredicate['compliance'];
}

export const FIXED_START = '2026-11-27T09:30:00.000Z';

function baseRun(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    id: 'run_7c1e9a4b2f',
    startedAt: FIXED_START,
    finishedAt: '2026-11-27T09:31:12.480Z',
    reason: 'passed',
    unhandledErrors: 0,
    suiteErrors: [],
    versions: { vitest: '4.1.12', node: 'v20.20.2', plugin: '0.1.0' },
    git: { commit: '3f9c2a71d8e44b0a9c6e5f1b2d7a8c9e0f1a2b3c', dirty: false },
    filters: { testNamePattern: null, files: [], projects: [], tagsFilter: [], only: false },
    shards: { shard: null, merged: 0, complete: true, mismatches: [] },
    require: {},
    signer: { kind: 'configured', keyid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90' },
    ...overrides,
  };
}

/**
 * A launch predicate as the reporter would build it: the verdict comes from the real
 * verdict rules, and the result is parsed with `launchPredicateSchema`, so it is valid.
 */
export function buildPredicate(options: PredicateOptions): LaunchPredicate {
  const environment = options.environment ?? 'sandbox';
  const productSurface: string | null = options.productSurface ?? '0gate';
  const counters = new Map<AreaId, number>();
  const tests = options.tests.map((spec, i) => {
    const k = counters.get(spec.area) ?? 0;
    counters.set(spec.area, k + 1);
    const state = spec.state ?? 'passed';
    const names = TEST_NAMES[spec.area];
    const failure =
      spec.failure ?? (state === 'failed' ? `AssertionError: ${evidenceFor(spec.area, false).summary}\n  at ${SPEC_FILE[spec.area]}:${10 + k}:5` : undefined);
    const name = spec.name ?? `${names[k % names.length]}${k >= names.length ? ` #${Math.floor(k / names.length) + 1}` : ''}`;
    return {
      id: `${spec.area}_${i.toString(36)}`,
      fullName: `${SUITE[spec.area]} > ${name}`,
      file: SPEC_FILE[spec.area],
      line: 10 + (k % 40) * 7,
      column: 3,
      area: spec.area,
      state,
      durationMs: state === 'passed' || state === 'failed' ? 3 + ((i * 37) % 180) : 0,
      ...(failure ? { failure } : {}),
      ...(spec.waiver ? { waiver: spec.waiver } : {}),
      inverted: spec.inverted ?? false,
      flaky: spec.flaky ?? false,
      // A passing test also carries the rest of its area's minimum profile, so passed areas are supported.
      evidence: (
        spec.evidence ??
        (state === 'passed'
          ? [evidenceFor(spec.area, true, i), ...profileEvidence(spec.area, environment, productSurface ?? '0gate')]
          : state === 'failed'
            ? [evidenceFor(spec.area, false, i)]
            : [])
      ).map((e) => evidenceSchema.parse(e)),
    };
  });
  const run = baseRun(options.run);
  const sandboxRecord = options.sandboxRecord === undefined ? null : options.sandboxRecord;
  const verdict = decideVerdict({
    environment,
    productSurface,
    tests,
    run,
    sandboxRecord,
    complianceApproved: options.compliance != null,
    require: run.require,
  });
  return launchPredicateSchema.parse({
    ...verdict,
    productSurface,
    environment,
    tests: tests.map((t, i) => ({ ...t, ...verdict.tests[i] })),
    untagged: options.untagged ?? [],
    waivers: {
      used: tests.filter((t) => t.waiver && t.state !== 'passed').map((t) => ({ ...t.waiver!, testId: t.id })),
      ignored: options.ignoredWaivers ?? [],
    },
    compliance: options.compliance ?? null,
    sandboxRecord,
    run,
  });
}

/** Two passing tests in every area: a ready sandbox record. */
export function readyPredicate(): LaunchPredicate {
  return buildPredicate({ tests: AREA_IDS.flatMap((area) => [{ area }, { area }]) });
}

export const XSS_NAME = '<img src=x onerror="window.__xss=1">';
export const XSS_SCRIPT = '</script><script>window.__xss=2</script>';

/**
 * A record with a bit of everything: failures, a skipped test, waivers used and ignored,
 * an empty area, hostile names in test names and evidence.
 */
export function mixedPredicate(environment: Environment = 'sandbox'): LaunchPredicate {
  const waiver: Waiver = {
    test: 'Support > runbook names the support path',
    justification: 'Support rota is published on launch day (OPS-142)',
    approvedBy: 'dana@example.com',
    expires: '2026-12-31',
  };
  return buildPredicate({
    environment,
    sandboxRecord:
      environment === 'live'
        ? {
            id: 'sha256:5d41402abc4b2a76b9719d911017c592b6a1f5e9c0d8f7e6a5b4c3d2e1f00112',
            verified: true,
            ready: true,
            productSurface: '0gate',
            finishedAt: '2026-11-26T16:02:11.000Z',
            keyid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
          }
        : null,
    tests: [
      { area: 'product' },
      { area: 'product' },
      { area: 'credentials' },
      { area: 'credentials', name: XSS_NAME },
      { area: 'browser' },
      { area: 'browser', state: 'failed' },
      { area: 'origins' },
      { area: 'origins' },
      { area: 'origins', state: 'skipped' },
      { area: 'webhooks' },
      {
        area: 'webhooks',
        state: 'failed',
        name: `refuses ${XSS_SCRIPT}`,
        failure: `AssertionError: accepted a forged delivery ${XSS_SCRIPT}\n\u001b[31m- expected 400\u001b[39m\n\u001b[32m+ received 200\u001b[39m`,
      },
      { area: 'idempotency' },
      { area: 'idempotency' },
      { area: 'support' },
      { area: 'support', state: 'todo', name: 'runbook names the support path', waiver },
      { area: 'availability' },
      { area: 'availability', state: 'failed' },
    ],
    untagged: [{ id: 'u_1', fullName: 'helpers > formats an amount', file: 'specs/helpers.test.ts', state: 'passed' }],
    ignoredWaivers: [
      {
        waiver: { test: 'Webhooks > refuses stale deliveries', justification: 'clock skew in staging', approvedBy: 'sam@example.com', expires: '2025-01-31' },
        reason: 'expired: 2025-01-31 is before 2026-11-27T09:30:00.000Z',
      },
      { waiver: { test: 42 }, reason: 'malformed: justification: Invalid input: expected string, received undefined' },
    ],
  });
}

/** `total` tests spread over the nine areas, one evidence block each, ~2% failing: the benchmark's record. */
export function largePredicate(total: number, seed = 1): LaunchPredicate {
  const random = prng(seed);
  const tests: TestSpec[] = [];
  for (let i = 0; i < total; i++) {
    const area = AREA_IDS[i % AREA_IDS.length]!;
    const r = random();
    tests.push({ area, state: r < 0.02 ? 'failed' : r < 0.03 ? 'skipped' : 'passed' });
  }
  return buildPredicate({ tests });
}

/**
 * A record whose areas show each way evidence counts or does not (issue 10): a missing
 * profile item, a swallowed and an inverted contradiction, tests that passed without
 * evidence or with evidence for another scope, a flaky test, and a raised profile.
 */
export function evidencePredicate(): LaunchPredicate {
  const surface = (n: number): EvidenceInput => ({ ...evidenceFor('product', true, n), scope: { surface: '0gate' } });
  const signatures = (pass: boolean, n: number): EvidenceInput => evidenceFor('webhooks', pass, n);
  return buildPredicate({
    run: { require: { monitoring: ['toRaiseAlert'] } },
    tests: [
      { area: 'product', name: 'checkout runs on 0gate', evidence: [surface(0)] },
      { area: 'product', name: 'the storefront runs on 0gate', evidence: [surface(1)] },
      { area: 'webhooks', name: 'refuses forged deliveries', evidence: [signatures(true, 2)] },
      { area: 'webhooks', name: 'swallows a forged delivery', evidence: [signatures(false, 3)] },
      { area: 'idempotency', name: 'asserts nothing about retries', evidence: [] },
      {
        area: 'monitoring',
        name: 'alert rules (test.fails)',
        inverted: true,
        evidence: [{ ...evidenceFor('monitoring', false), scope: { signals: ['session_failures'] } }],
      },
      {
        area: 'availability',
        name: 'capabilities for live',
        evidence: [
          { ...evidenceFor('availability', true), scope: { environment: 'live', dimensions: ['product', 'region', 'asset', 'method', 'verification'] } },
        ],
      },
      {
        area: 'credentials',
        name: 'secret key stays on the server (retried)',
        flaky: true,
        evidence: [
          { ...evidenceFor('credentials', false), attempt: 0 },
          { ...evidenceFor('credentials', true), attempt: 1 },
        ],
      },
    ],
  });
}

/**
 * The page with its docs links as the plain `docs/…` paths the record names: the base
 * (the repository package.json names, at this version's tag) is the one thing tests of the
 * page's structure should not pin.
 */
export function relativeDocs(page: string): string {
  const base = docsHref('docs/record.md')!.slice(0, -'docs/record.md'.length);
  return base ? page.split(base).join('') : page;
}
