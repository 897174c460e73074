#!/usr/bin/env bash
# bench/faults/run.sh: the fault and load tests with their figures, longer than in the build.
#
#   bench/faults/run.sh                 # each load phase 60 s (reload every second for 60 s, ...)
#   FAULT_SECONDS=10 bench/faults/run.sh
#
# The same tests run in every build (scripts/verify.sh, `./mvnw test`) with 10 s phases:
#   gateway-core    dev.portway.gateway.faults.FaultsUnderLoadTest   reload every second under load,
#                                                                    one of two targets killed, slow upstream
#                   dev.portway.gateway.faults.MalformedRequestsTest broken requests corpus
#                   dev.portway.gateway.faults.ConfigFuzzTest        seeded config mutations
#   gateway-server  dev.portway.server.OperationsProcessTest         SIGHUP reload, SIGTERM under load
# Loopback only. Prints one figure line per test. The 10-minute soak is bench/faults/soak.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
FAULT_SECONDS=${FAULT_SECONDS:-60}
log=$(mktemp "${TMPDIR:-/tmp}/portway-faults.XXXXXX")
status=0
./mvnw -B -ntp -pl gateway-core,gateway-server -am install -DskipTests -q
# Failures are collected, not fatal, so gateway-server's tests run even when a gateway-core one fails.
./mvnw -B -ntp -pl gateway-core,gateway-server test -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmaven.test.failure.ignore=true \
  -Dtest='FaultsUnderLoadTest,MalformedRequestsTest,ConfigFuzzTest,OperationsProcessTest' \
  -Dportway.faults.seconds="$FAULT_SECONDS" >"$log" 2>&1 || status=$?
grep -E '^(reload every second|one of two targets|slow upstream|malformed corpus|config fuzzing|SIGTERM under load)' "$log" || true
grep -E '<<< (FAILURE|ERROR)!' "$log" && status=1
echo "full log: $log"
exit $status
