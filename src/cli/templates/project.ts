/** Files `0bit-launch init` writes outside specs/launch/; kept as strings so they ship in dist/. */

/** What the plugin options in a generated config hold. */
export interface ConfigFacts {
  surface: string;
  /** The private key file init wrote (or found), which local runs sign with. */
  keyFile: string;
}

function pluginCall({ surface, keyFile }: ConfigFacts): string {
  return `launchPlugin({
      productSurface: ${JSON.stringify(surface)},
      // Local runs sign with the key init wrote (git-ignored). CI sets ZEROBIT_LAUNCH_SIGNING_KEY
      // to the PEM text instead, which wins over this and never reaches test workers.
      signingKey: ${JSON.stringify(keyFile)},
      // The launch confirmations the starter specs check, on top of each area's minimum
      // evidence profile: the area passes only with their evidence too. They are not part of
      // the plugin's default profiles; remove an entry together with its spec when it does not
      // apply (no KYC/KYB in your flow), so the change shows in review.
      require: {
        availability: ['toAvoidHardcodedClaims', 'toHandleVerificationOutcomes'],
        webhooks: ['toHonourWebhookContract'],
      },
    })`;
}

/** A new `vitest.config.ts` for a project that has none: the launch plugin on the default suite. */
export function vitestConfig(facts: ConfigFacts): string {
  return `import { defineConfig } from 'vitest/config';
import { launchPlugin } from '0bit-launch/plugin';

// The launch gate: \`npm run launch\` runs the specs in specs/launch/ (with your other tests)
// and writes a signed launch record to launch-evidence/.
export default defineConfig({
  plugins: [
    ${pluginCall(facts)},
  ],
  // Launch probes send dozens of real requests per matcher; Vitest's 5 s default is for unit tests.
  test: { testTimeout: 30_000 },
});
`;
}

/** \`vitest.launch.config.ts\` beside an existing config: only the launch specs, so the gate is its own run. */
export function launchConfig(existing: string, facts: ConfigFacts): string {
  return `import { defineConfig } from 'vitest/config';
import { launchPlugin } from '0bit-launch/plugin';

// The launch gate, kept apart from ${existing}: \`npm run launch\` runs specs/launch/ and
// writes a signed launch record to launch-evidence/. To reuse aliases or setup files from
// ${existing}, combine the two with mergeConfig from 'vitest/config'.
export default defineConfig({
  plugins: [
    ${pluginCall(facts)},
  ],
  test: {
    include: ['specs/launch/**/*.spec.ts'],
    // Launch probes send dozens of real requests per matcher; Vitest's 5 s default is for unit tests.
    testTimeout: 30_000,
  },
});
`;
}

/** Lines init adds to .gitignore: the run's outputs, shard blobs and the private key. */
export function ignoreEntries(keyFile: string): Array<{ line: string; why: string; coveredBy: string[] }> {
  return [
    { line: 'launch-evidence/', why: 'records and reports are build outputs', coveredBy: ['launch-evidence', '/launch-evidence', '/launch-evidence/'] },
    { line: '.vitest-reports/', why: 'shard blobs (vitest --reporter=blob)', coveredBy: ['.vitest-reports', '/.vitest-reports', '/.vitest-reports/'] },
    { line: keyFile, why: 'the private signing key', coveredBy: [`/${keyFile}`, '*.key.pem', '*.pem'] },
  ];
}

export const WAIVERS_YAML = `# Waivers let a launch area through the gate while a known gap is fixed. The record lists
# every waiver used; an area with a waived test is "waived", never "passed". A waiver
# without all four fields, or past its expiry (UTC), is ignored and reported.
#
# waivers:
#   - test: "Webhooks > logs every delivered event"   # full test name or test id
#     justification: "Event log moves to the warehouse in INC-1234; deliveries are verified"
#     approvedBy: "a.lovelace"
#     expires: "2030-01-31"
waivers: []
`;
