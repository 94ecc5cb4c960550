#!/usr/bin/env bash
# build.sh SERVER_LIB: the extension's part of the Maven build (module vscode-extension, phase
# package). Copies the language server's jars from SERVER_LIB into server/lib, then, when node
# is on PATH, runs `npm ci`, `npm run lint`, `npm test` and `npm run package`, which writes
# target/torchscript4j-<version>.vsix.
#
# Environment (set by the pom from Maven properties):
#   VSCODE_SKIP=true                 skip the npm part (-Dvscode.skip=true)
#   VSCODE_SKIP_TESTS=true           skip npm test (-DskipTests)
#   VSCODE_SKIP_TEST_BUILD=true      skip npm test (-Dmaven.test.skip=true)
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "[vscode-extension] $*"; }

server_lib="${1:?usage: build.sh SERVER_LIB}"
if ! ls "$server_lib"/torchscript-cli-*.jar >/dev/null 2>&1; then
  say "no torchscript-cli jar in $server_lib: build with Maven from the project root" >&2
  exit 1
fi
rm -rf server
mkdir -p server/lib
cp "$server_lib"/*.jar server/lib/
say "server/lib: $(ls server/lib | wc -l) jars, $(du -sh server/lib | cut -f1)"

if [ "${VSCODE_SKIP:-false}" = true ]; then
  say "SKIPPED the npm build (-Dvscode.skip=true)"
  exit 0
fi
if ! command -v node >/dev/null 2>&1; then
  say "SKIPPED the npm build: node is not on PATH (install Node.js 20 or newer and npm to lint, test and package the .vsix)"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  say "SKIPPED the npm build: node is on PATH but npm is not"
  exit 0
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  say "SKIPPED the npm build: node $(node --version) is older than 20"
  exit 0
fi

# step NAME COMMAND...: runs COMMAND, says how long it took, and answers its exit status.
step() {
  local name="$1"; shift
  local started=$SECONDS status=0
  say "$name"
  "$@" || status=$?
  say "$name: $((SECONDS - started)) s"
  return "$status"
}

# --prefer-offline: packages already in npm's cache are not fetched again (a warm build needs no
# network); the rest comes from the registry, and without it npm ci fails here, clearly.
if ! step "npm ci" npm ci --prefer-offline --no-audit --no-fund; then
  say "FAILED: npm ci could not install the pinned packages of package-lock.json; the npm registry must be reachable (or the packages in npm's cache)" >&2
  exit 1
fi
step "npm run lint" npm run --silent lint || { say "FAILED: npm run lint" >&2; exit 1; }
if [ "${VSCODE_SKIP_TESTS:-false}" = true ] || [ "${VSCODE_SKIP_TEST_BUILD:-false}" = true ]; then
  say "skipping npm test (tests skipped)"
else
  step "npm test" npm test || { say "FAILED: npm test" >&2; exit 1; }
fi
step "npm run package" npm run --silent package || { say "FAILED: npm run package" >&2; exit 1; }
say "built $(ls target/*.vsix) ($(du -h target/*.vsix | cut -f1 | tail -1))"
