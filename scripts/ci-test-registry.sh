#!/usr/bin/env bash
# GitHub Actions only: starts a throw-away OCI registry on 127.0.0.1:5000 for the integration
# tests (on the project's own machines scripts/provision.sh starts Debian's docker-registry there).
# Docker treats 127.0.0.0/8 registries as insecure, so plain HTTP works. Idempotent.
set -euo pipefail
image=${PORTWAY_TEST_REGISTRY_IMAGE:-registry:2}
if ! docker ps --format '{{.Names}}' | grep -qx portway-test-registry; then
  docker rm -f portway-test-registry >/dev/null 2>&1 || true
  docker run -d --name portway-test-registry --restart unless-stopped -p 127.0.0.1:5000:5000 "$image" >/dev/null
fi
for _ in $(seq 1 30); do
  if curl -fsS http://127.0.0.1:5000/v2/ >/dev/null; then
    echo "test registry: 127.0.0.1:5000 ($image)"
    exit 0
  fi
  sleep 1
done
echo "test registry did not answer on 127.0.0.1:5000" >&2
docker logs portway-test-registry >&2 || true
exit 1
