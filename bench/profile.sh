#!/usr/bin/env bash
# bench/profile.sh: a JFR CPU profile of Portway under load, with the benchmark config and the harness's
# upstream, core layout and load generator (no reference proxies, nothing measured for the tables).
#
#   bench/profile.sh [SECONDS] [BODY] [LOAD]   # default 30 s of c50 load on /hello after a 20 s warm-up
#   PROFILE_JAVA=/path/to/jdk/bin/java bench/profile.sh   # another JVM
# Prints the hottest frames (top of stack) and the hottest methods anywhere on the stack, and leaves
# the recording in bench/results/profile-<time>/portway.jfr (open it with JDK Mission Control or `jfr`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${PORTWAY_BENCH_HARNESS:-$ROOT/../shared/bench}
WORK=${PORTWAY_BENCH_WORK:-${TMPDIR:-/tmp}/portway-bench-harness}
SECS=${1:-30} BODY=${2:-hello} LOAD=${3:-c50}
: "${PORTWAY_JVM_OPTS:=-Xms64m -Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m -Xss512k}"
JAR=$ROOT/gateway-server/target/portway.jar
[[ -f $JAR ]] || { echo "build first: ./mvnw -B -ntp -pl gateway-core,gateway-server -am install -DskipTests" >&2; exit 1; }
mkdir -p "$WORK" && cp -rp "$HARNESS/." "$WORK/" && chmod -R u+w "$WORK"
export OUT_DIR=${OUT_DIR:-$ROOT/bench/results/profile-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT_DIR"
PROFILE_JAVA=${PROFILE_JAVA:-java}

# From here on as a harness script: own session and priority, everything it started stopped at the end.
# shellcheck source=/dev/null
source "$WORK/lib.sh"
bench_session_init "$@"
start_upstream
GW_PORT=18090
export GW_PORT UPSTREAM_URL=http://127.0.0.1:$UP_PORT PORTWAY_BENCH_ADMIN_PORT=18091 PORTWAY_ACCESS_LOG=$RUN_DIR/access.log
# shellcheck disable=SC2086 # PORTWAY_JVM_OPTS is a list of flags
OWN_PGRP=1 start_bg portway "$CPU_PROXY" "$PROFILE_JAVA" $PORTWAY_JVM_OPTS \
  -XX:StartFlightRecording=name=portway,settings=profile \
  -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -jar "$JAR" --config "$ROOT/bench/portway-bench.yaml"
wait_200 "http://127.0.0.1:$GW_PORT/hello" 60 "${PID_OF[portway]}" || die "portway did not start: $(cat "$RUN_DIR/portway.log")"
add_target portway $GW_PORT
log "warm-up 20 s"; measure portway "$BODY" "$LOAD" 20 warmup >/dev/null
log "profiled load: $SECS s $LOAD on /$BODY"
echo "$RAW_HEADER" >"$OUT_DIR/raw.tsv"
measure portway "$BODY" "$LOAD" "$SECS" 1 | tee -a "$OUT_DIR/raw.tsv" | cut -f5,6,8,11,13
jcmd "${PID_OF[portway]}" JFR.dump name=portway filename="$OUT_DIR/portway.jfr" >/dev/null
stop_pid "${PID_OF[portway]}"
cp "$RUN_DIR/portway.log" "$OUT_DIR/" || true
JFR_TOOL=${JFR_TOOL:-jfr}
if "$JFR_TOOL" help view >/dev/null 2>&1; then   # JDK 21+ jfr has views
  "$JFR_TOOL" view --width 160 hot-methods "$OUT_DIR/portway.jfr" | tee "$OUT_DIR/hot-methods.txt"
fi
log "recording: $OUT_DIR/portway.jfr"
