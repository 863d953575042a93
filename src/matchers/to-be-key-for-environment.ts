import { registerSecret } from '../evidence/secrets.js';
import { CREDENTIAL_KINDS, classify, detect, environmentOf, type DetectorKind } from '../detect/detectors.js';
import { maskValue } from '../detect/mask.js';
import { configuredShapes } from './credential-shapes.js';
import { runContext } from './run-context.js';
import { finishSync, misuse, type MatcherState } from './util.js';

export type KeyEnvironment = 'live' | 'sandbox';

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
    details: (pass ? keyed : wrong).map(
      (k) => `${where(k)}${k.kind.replace(/_/g, ' ')} ${k.masked} is ${k.environment ? `a ${k.environment} credential` : 'not tied to an environment'}`,
    ),
    evidence: {
      findings: keyed.map((k) => ({ kind: k.kind, masked: k.masked, ...(k.path ? { file: k.path } : {}), note: k.environment ?? 'no environment' })),
      checks: keyed.map((k) => ({ name: `${where(k)}${k.masked} is for ${environment}`, ok: k.environment === environment })),
      details: { environment, credentials: keyed.length },
      scope: { environment },
    },
  });
}

export const toBeKeyForEnvironmentMatcher = { toBeKeyForEnvironment };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
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
