#!/usr/bin/env bash
# bench/ab.sh: A/B of two JVM flag sets for Portway (e.g. epoll vs NIO), alternating runs in the harness layout
# (upstream + wrk on CPU 0, Portway alone on CPU 1), reporting req/s and proxy CPU µs per request per run.
#
#   bench/ab.sh "-Dio.netty.transport.noNative=true" ""      # B = NIO, A = default (epoll)
#   PAIRS=3 SECS=10 WARM=20 BODY=hello LOAD=c50 bench/ab.sh "A flags" "B flags"
#   PORTWAY_JAR_A=/tmp/old/portway.jar bench/ab.sh "" ""     # two builds (each jar with its lib/ beside it)
#   AB_REFERENCE=1 LOAD=c200 bench/ab.sh "" ""              # the harness's bare Vert.x proxy instead: A on its own
#                                                           # class path (its pom's Vert.x and Netty), B on the jars
#                                                           # of Portway's lib/ (PORTWAY_JAR_B's), logging left out
# Each run starts a fresh JVM (warm-up WARM s, then SECS s measured), A and B alternate PAIRS times. Compare the
# µs/request columns; on a shared machine, only differences well beyond the spread between pairs mean anything.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${PORTWAY_BENCH_HARNESS:-$ROOT/../shared/bench}
WORK=${PORTWAY_BENCH_WORK:-${TMPDIR:-/tmp}/portway-bench-harness}
A_OPTS=${1?A flags}; B_OPTS=${2?B flags}
: "${PAIRS:=3}" "${SECS:=10}" "${WARM:=20}" "${BODY:=hello}" "${LOAD:=c50}"
: "${PORTWAY_JVM_OPTS:=-Xms64m -Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m -Xss512k}"
JAR=${PORTWAY_JAR:-$ROOT/gateway-server/target/portway.jar}
JAR_A=${PORTWAY_JAR_A:-$JAR}; JAR_B=${PORTWAY_JAR_B:-$JAR}
for jar in "$JAR_A" "$JAR_B"; do
  [[ -f $jar ]] || { echo "no $jar: build first (or set PORTWAY_JAR, PORTWAY_JAR_A, PORTWAY_JAR_B)" >&2; exit 1; }
done
mkdir -p "$WORK" && cp -rp "$HARNESS/." "$WORK/" && chmod -R u+w "$WORK"
export A_OPTS B_OPTS PAIRS SECS WARM BODY LOAD ROOT JAR_A JAR_B PORTWAY_JVM_OPTS

# shellcheck source=/dev/null
source "$WORK/lib.sh"
bench_session_init "$@"
start_upstream
GW_PORT=18090
# The bare Vert.x proxy's class path for variant A (the harness's own) or B (Portway's jars, without Logback,
# which would log at DEBUG with no configuration).
reference_class_path() {
  local d=$WORK/vertx-min-proxy
  build_mvn "$d"
  if [[ $1 == A ]]; then
    echo "$d/target/classes:$(cat "$d/target/classpath.txt")"
  else
    echo "$d/target/classes:$(grep -o '[^:]*vertx-http-proxy[^:]*' "$d/target/classpath.txt"):$(find "$(dirname "$JAR_B")/lib" -name '*.jar' ! -name 'logback-*' | paste -sd:)"
  fi
}
export UPSTREAM_URL=http://127.0.0.1:$UP_PORT PORTWAY_BENCH_ADMIN_PORT=18091 PORTWAY_ACCESS_LOG=$RUN_DIR/access.log GW_PORT
printf 'pair\tvariant\trps\tp50_ms\tp99_ms\terrors\tus_per_req\n'
for (( i=1; i<=PAIRS; i++ )); do
  for v in A B; do
    if [[ $v == A ]]; then opts=$A_OPTS jar=$JAR_A; else opts=$B_OPTS jar=$JAR_B; fi
    # shellcheck disable=SC2086 # flag lists
    # The variant's flags come last, so they can override the defaults (the last -D of a name wins).
    if [[ ${AB_REFERENCE:-0} == 1 ]]; then
      OWN_PGRP=1 start_bg "portway-$v" "$CPU_PROXY" java $JVM_OPTS -Dport="$GW_PORT" -DoriginPort="$UP_PORT" \
        -Dinstances=1 $opts -cp "$(reference_class_path "$v")" bench.MinProxy
    else
      OWN_PGRP=1 start_bg "portway-$v" "$CPU_PROXY" java $PORTWAY_JVM_OPTS \
        -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" $opts -jar "$jar" --config "$ROOT/bench/portway-bench.yaml"
    fi
    PID_OF[portway]=${PID_OF[portway-$v]}
    wait_200 "http://127.0.0.1:$GW_PORT/hello" 60 "${PID_OF[portway]}" || die "variant $v did not start"
    PORT_OF[portway]=$GW_PORT
    measure portway "$BODY" c50 "$WARM" warmup >/dev/null
    row=$(measure portway "$BODY" "$LOAD" "$SECS" "$i")
    printf '%s\t%s\t%s\n' "$i" "$v" "$(cut -f5,6,8,11,13 <<<"$row")"
    stop_pid "${PID_OF[portway]}"
    sleep 1
  done
done
