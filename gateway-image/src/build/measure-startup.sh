#!/usr/bin/env bash
# Container start to ready: wall time from `docker run` (read-only, tmpfs /tmp) until the admin
# port's /health/ready answers 200, polled every 20 ms. Prints one line per run and the median.
#   measure-startup.sh IMAGE [RUNS] [PLATFORM]
# MEASURE_JAVA_OPTIONS, when set, replaces the image's JDK_JAVA_OPTIONS (e.g. to switch CDS off).
set -euo pipefail
image=${1:?usage: measure-startup.sh IMAGE [RUNS] [PLATFORM]}
runs=${2:-5}
platform=${3:-}
port=${MEASURE_PORT:-19991}
times=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  cid=$(docker run -d --pull never ${platform:+--platform "$platform"} --read-only --tmpfs /tmp \
        ${MEASURE_JAVA_OPTIONS:+-e "JDK_JAVA_OPTIONS=$MEASURE_JAVA_OPTIONS"} \
        -p "127.0.0.1:$port:9901" "$image")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if (( ($(date +%s%N) - t0) > 600000000000 )); then echo "not ready after 600 s" >&2; docker rm -f "$cid" >/dev/null; exit 1; fi
    sleep 0.02
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  docker rm -f "$cid" >/dev/null
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median of $runs: ${median} ms ($image${platform:+ $platform})"
