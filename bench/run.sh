#!/usr/bin/env bash
# bench/run.sh: build Portway and measure it side by side with nginx, HAProxy and the bare Vert.x proxy
# (and Spring Cloud Gateway when it can be built here) with the shared harness (../shared/bench).
#
#   bench/run.sh                      # full comparison: --with vertx,haproxy[,scg], ROUNDS=5, 60 s JVM warm-up
#   ROUNDS=3 bench/run.sh             # any harness knob (ROUNDS, DURATION, CONNS, BODIES, CPU_*, ...) passes through
#   bench/run.sh --quick              # smoke test of the tooling (2 rounds x 5 s): not for figures
#   bench/run.sh --with vertx         # other reference set (comma-separated: haproxy,vertx,scg)
#   bench/run.sh --startup [N]        # launch -> first proxied 200, N starts each (default 5) of portway and vertx
#   bench/run.sh --jfr                # also record a JFR profile of Portway (written next to the results)
#   bench/run.sh --no-build           # use the jar already in gateway-server/target
#   bench/run.sh --ref HEAD           # build that commit (git archive into a scratch dir), not the work tree
#
# Environment:
#   PORTWAY_BENCH_HARNESS  the harness to copy (default: <repo>/../shared/bench; read-only in CI, so it is
#                          copied to PORTWAY_BENCH_WORK first and run from there)
#   PORTWAY_BENCH_WORK     writable copy of the harness, kept between runs so the reference proxies are
#                          built once (default: ${TMPDIR:-/tmp}/portway-bench-harness)
#   PORTWAY_JVM_OPTS       JVM flags for Portway (default below: the documented heap setting)
#   PORTWAY_BENCH_SCG      auto (default: add scg when its build succeeds), 1 (require it), 0 (skip it)
# Results: bench/results/<run>/ (summary.md, compact.md, raw.tsv, logs); not tracked by git.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${PORTWAY_BENCH_HARNESS:-$ROOT/../shared/bench}
WORK=${PORTWAY_BENCH_WORK:-${TMPDIR:-/tmp}/portway-bench-harness}
# Heap fixed and small: the RSS floors (150 MB after start, 256 MB under load) hold with it. SerialGC is what
# the JVM picks anyway on the one core the harness gives a proxy; it is named so an unpinned run matches.
: "${PORTWAY_JVM_OPTS:=-Xms64m -Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m -Xss512k}"
: "${PORTWAY_BENCH_SCG:=auto}"
GW_NAME=portway GW_PORT=18090

log() { printf '[%(%H:%M:%S)T] bench/run.sh: %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

BUILD=1 MODE=compare STARTUP_N=5 JFR=0 WITH="" PASS=() REF=""
while (( $# )); do
  case $1 in
    --no-build) BUILD=0; shift ;;
    --ref) REF=$2; shift 2 ;;
    --startup) MODE=startup; shift; if [[ ${1:-} =~ ^[0-9]+$ ]]; then STARTUP_N=$1; shift; fi ;;
    --jfr) JFR=1; shift ;;
    --with) WITH=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done

# ---- tools (Debian: nginx, haproxy, wrk; the packaged services stay stopped, the harness runs its own) ----
missing=()
for tool in nginx haproxy wrk curl taskset ss; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if (( ${#missing[@]} )); then
  log "installing ${missing[*]} (apt)"
  pkgs=()
  for tool in "${missing[@]}"; do
    case $tool in taskset) pkgs+=(util-linux) ;; ss) pkgs+=(iproute2) ;; *) pkgs+=("$tool") ;; esac
  done
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null \
    || die "apt-get install ${pkgs[*]} failed"
fi
[[ -x /usr/bin/time ]] || { log "installing time (apt)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

# ---- Portway ----
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/portway-bench.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
SCRATCH_REV_FILE=$SCRATCH/build.txt
echo "work tree at $(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)$( [[ -n $(git -C "$ROOT" status --porcelain -- gateway-core gateway-server 2>/dev/null) ]] && echo ' + uncommitted changes')" >"$SCRATCH_REV_FILE"
JAR=$ROOT/gateway-server/target/portway.jar
if [[ -n $REF ]]; then
  # An exact commit, unaffected by uncommitted work in the tree; packaged only (nothing installed to ~/.m2).
  REV=$(git -C "$ROOT" rev-parse --verify "$REF^{commit}") || die "--ref $REF is not a commit"
  SRC=${TMPDIR:-/tmp}/portway-bench-src-${REV:0:12}
  if [[ ! -f $SRC/gateway-server/target/portway.jar ]]; then
    log "building Portway at $REV in $SRC"
    rm -rf "$SRC" && mkdir -p "$SRC"
    git -C "$ROOT" archive "$REV" | tar -x -C "$SRC"
    (cd "$SRC" && ./mvnw -B -ntp -q -pl gateway-core,gateway-server -am package -DskipTests) || die "build of $REV failed"
  fi
  JAR=$SRC/gateway-server/target/portway.jar
  echo "commit $REV (--ref $REF)" >"$SCRATCH_REV_FILE"
elif (( BUILD )); then
  log "building Portway (work tree)"
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl gateway-core,gateway-server -am install -DskipTests) || die "build failed"
fi
[[ -f $JAR ]] || die "$JAR is missing (run without --no-build)"

# ---- harness: a writable copy (timestamps kept, so its reference proxies are rebuilt only when they change) ----
[[ -f $HARNESS/run-compare.sh ]] || die "no harness at $HARNESS (set PORTWAY_BENCH_HARNESS)"
mkdir -p "$WORK"
cp -rp "$HARNESS/." "$WORK/"
chmod -R u+w "$WORK"

RUN_ID=$(date -u +%Y%m%d-%H%M%S)
OUT_DIR=$ROOT/bench/results/$MODE-$RUN_ID
mkdir -p "$OUT_DIR"

JFR_OPT=""
(( JFR )) && JFR_OPT="-XX:StartFlightRecording=filename=$OUT_DIR/portway.jfr,settings=profile,dumponexit=true"
# The gateway under test, as the harness starts it (pinned, own process group, stopped at the end).
# shellcheck disable=SC2016 # GW_PORT / UPSTREAM_URL are expanded by the harness's bash -c
GW_CMD="PORTWAY_ACCESS_LOG=$SCRATCH/access.log PORTWAY_BENCH_ADMIN_PORT=$((GW_PORT + 1)) exec java $PORTWAY_JVM_OPTS $JFR_OPT \
-Dlogback.configurationFile=$ROOT/bench/logback-bench.xml -jar $JAR --config $ROOT/bench/portway-bench.yaml"

# Spring Cloud Gateway: its build needs Spring Boot from Maven Central; skipped (with a note) if it fails.
scg_ok() {
  local d=$WORK/scg-proxy
  [[ -f $d/target/classpath.txt && -z $(find "$d/src" "$d/pom.xml" -newer "$d/target/classpath.txt" 2>/dev/null) ]] && return 0
  log "building the Spring Cloud Gateway reference (once)"
  (cd "$d" && mvn -q -B package -DskipTests) >"$OUT_DIR/build-scg.log" 2>&1
}

if [[ $MODE == startup ]]; then
  # Unpinned (both cores) as the issue's start-up floor says, for Portway and the Vert.x reference alike.
  export CPU_PROXY=${CPU_PROXY:-0,1}
  # Started as a user starts it: Portway's own logging (LogSetup, decision 1006), not the load runs' file sink.
  GW_CMD=${GW_CMD/-Dlogback.configurationFile=$ROOT\/bench\/logback-bench.xml /}
  log "start-up on CPUs $CPU_PROXY: $STARTUP_N starts each (launch -> first 200 through the proxy), results in $OUT_DIR"
  (cd "$WORK" && STARTUP_CMD=$GW_CMD STARTUP_PORT=$GW_PORT ./run-startup.sh "$STARTUP_N" "gateway vertx") \
    | tee "$OUT_DIR/startup.tsv"
  # The same with an AppCDS archive of the classes a start loads (dumped by one training start, at exit).
  CDS=$SCRATCH/portway.jsa
  log "AppCDS: training start to dump $CDS"
  (cd "$WORK" && STARTUP_CMD="${GW_CMD/exec java /exec java -XX:ArchiveClassesAtExit=$CDS }" STARTUP_PORT=$GW_PORT \
    ./run-startup.sh 1 gateway >/dev/null)
  if [[ -f $CDS ]]; then
    (cd "$WORK" && STARTUP_CMD="${GW_CMD/exec java /exec java -XX:SharedArchiveFile=$CDS }" STARTUP_PORT=$GW_PORT \
      ./run-startup.sh "$STARTUP_N" gateway) | sed 's/^gateway\t/gateway+cds\t/' | tail -n +2 | tee -a "$OUT_DIR/startup.tsv"
  else
    log "note: no CDS archive was written"
  fi
  exit 0
fi

if [[ -z $WITH ]]; then
  WITH=vertx,haproxy
  case $PORTWAY_BENCH_SCG in
    0) ;;
    1) scg_ok || die "Spring Cloud Gateway did not build, see $OUT_DIR/build-scg.log"; WITH+=,scg ;;
    *) if scg_ok; then WITH+=,scg; else log "note: Spring Cloud Gateway did not build here (see $OUT_DIR/build-scg.log): run without it"; fi ;;
  esac
fi

log "comparing $GW_NAME with nginx,$WITH; results in $OUT_DIR"
(cd "$WORK" && OUT=$OUT_DIR KEEP_RUN_DIR=${KEEP_RUN_DIR:-} ./run-compare.sh --name "$GW_NAME" --port "$GW_PORT" \
  --cmd "$GW_CMD" --with "$WITH" "${PASS[@]}")
lines=$(wc -l <"$SCRATCH/access.log" 2>/dev/null || echo 0)
{
  echo "- $GW_NAME build: $(cat "$SCRATCH_REV_FILE")"
  echo "- $GW_NAME config: bench/portway-bench.yaml, logging bench/logback-bench.xml; PORTWAY_JVM_OPTS: $PORTWAY_JVM_OPTS"
  echo "- access log lines written: $lines (buffered file; the last buffer is flushed at exit)"
  echo
  bash "$WORK/compact.sh" "$OUT_DIR/raw.tsv" nginx
} | tee "$OUT_DIR/compact.md"
if command -v python3 >/dev/null; then
  python3 "$ROOT/bench/floors.py" "$OUT_DIR/raw.tsv" "$GW_NAME" | tee "$OUT_DIR/floors.md"
fi
log "done: $OUT_DIR/summary.md, compact.md and floors.md"
