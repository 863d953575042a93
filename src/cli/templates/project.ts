/** Files `0bit-launch init` writes outside specs/launch/; kept as strings so they ship in dist/. */

/** A new `vitest.config.ts` for a project that has none: the launch plugin on the default suite. */
export function vitestConfig(): string {
  return `import { defineConfig } from 'vitest/config';
import { launchPlugin } from '0bit-launch/plugin';

// The launch gate: \`npm run launch\` runs the specs in specs/launch/ (with your other tests)
// and writes a signed launch record to launch-evidence/.
export default defineConfig({
  plugins: [launchPlugin()],
});
`;
}

/** \`vitest.launch.config.ts\` beside an existing config: only the launch specs, so the gate is its own run. */
export function launchConfig(existing: string): string {
  return `import { defineConfig } from 'vitest/config';
import { launchPlugin } from '0bit-launch/plugin';

// The launch gate, kept apart from ${existing}: \`npm run launch\` runs specs/launch/ and
// writes a signed launch record to launch-evidence/. To reuse aliases or setup files from
// ${existing}, combine the two with mergeConfig from 'vitest/config'.
export default defineConfig({
  plugins: [launchPlugin()],
  test: {
    include: ['specs/launch/**/*.spec.ts'],
  },
});
`;
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
