#!/usr/bin/env bash
# bench/faults/soak.sh: a fixed-rate soak of the portway jar on loopback.
#
#   bench/faults/soak.sh                  # 60 s warm-up, then 600 s at 500 req/s
#   RATE=1000 SOAK_SECONDS=600 WARMUP_SECONDS=60 bench/faults/soak.sh
#
# After the warm-up and again after the soak it forces a full GC (jcmd GC.run) and reads the gateway's
# RSS (/proc/PID/status VmRSS) and used heap (jcmd GC.heap_info); it passes when both after the soak
# are within 10 % of after the warm-up and no request failed. Needs a built jar:
#   ./mvnw -B -ntp -pl gateway-core,gateway-server -am install -DskipTests
# JVM flags: PORTWAY_JVM_OPTS (default: the heap setting of bench/run.sh); PORTWAY_JAR another built jar
# (with its lib/ beside it). The access log goes to the run directory.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RATE=${RATE:-500} SOAK_SECONDS=${SOAK_SECONDS:-600} WARMUP_SECONDS=${WARMUP_SECONDS:-60}
: "${PORTWAY_JVM_OPTS:=-Xms64m -Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m -Xss512k}"
JAR=${PORTWAY_JAR:-$ROOT/gateway-server/target/portway.jar}
OUT=${SOAK_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/portway-soak.XXXXXX")}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export SOAK_PORT SOAK_ADMIN_PORT SOAK_ECHO_PORT
SOAK_PORT=$(free_port) SOAK_ADMIN_PORT=$(free_port) SOAK_ECHO_PORT=$(free_port)

# shellcheck disable=SC2086 # word splitting of the JVM flags is intended
java $PORTWAY_JVM_OPTS -jar "$JAR" --config "$ROOT/bench/faults/soak.yaml" \
  >"$OUT/portway.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$SOAK_ADMIN_PORT/health/ready"; do
  kill -0 $pid || { cat "$OUT/portway.log"; exit 1; }
  sleep 0.2
done
url="http://127.0.0.1:$SOAK_PORT/echo/soak"

memory() {   # "rss_kib heap_kib" after a full GC
  jcmd "$pid" GC.run >/dev/null
  local rss heap
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  # generations (Serial, Parallel) or the one heap (G1): every "used NK" before Metaspace
  heap=$(jcmd "$pid" GC.heap_info | sed '/Metaspace/,$d' | grep -oE 'used [0-9]+K' | grep -oE '[0-9]+' | awk '{s += $1} END {print s}')
  echo "$rss $heap"
}

echo "warm-up: ${WARMUP_SECONDS}s at ${RATE}/s" >&2
java "$ROOT/bench/faults/FixedRateLoad.java" "$url" "$RATE" "$WARMUP_SECONDS" | sed 's/^/warm-up: /'
read -r rss0 heap0 < <(memory)
echo "after warm-up: rss_kib=$rss0 heap_used_kib=$heap0"
echo "soak: ${SOAK_SECONDS}s at ${RATE}/s" >&2
status=0
java "$ROOT/bench/faults/FixedRateLoad.java" "$url" "$RATE" "$SOAK_SECONDS" | sed 's/^/soak: /' || status=1
read -r rss1 heap1 < <(memory)
echo "after soak: rss_kib=$rss1 heap_used_kib=$heap1"
awk -v a="$rss0" -v b="$rss1" -v c="$heap0" -v d="$heap1" 'BEGIN {
  printf "rss_change=%+.1f%% heap_change=%+.1f%%\n", (b-a)*100/a, (d-c)*100/c
  exit ((b-a)*100/a > 10 || (d-c)*100/c > 10) }' || status=1
echo "logs in $OUT"
exit $status
