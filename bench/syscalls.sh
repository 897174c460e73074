#!/usr/bin/env bash
# bench/syscalls.sh: system calls per proxied request, counted with strace -c on Portway under wrk, on every
# core (not pinned: shows whether exchanges cross event loops, which the one-core harness cannot).
#
#   bench/syscalls.sh [BODY] [JAR]      # default /hello and gateway-server/target/portway.jar
# Starts its own nginx upstream (the harness's port 18080) and Portway with bench/portway-bench.yaml, warms
# up 8 s (wrk -c50), then counts for 4 s. Prints per request: eventfd writes (`write`, cross-thread
# wake-ups), epoll waits, sends and receives. strace slows the process; compare counts, not req/s.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BODY=${1:-hello} JAR=${2:-$ROOT/gateway-server/target/portway.jar}
for tool in nginx wrk strace curl; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
RUN=$(mktemp -d "${TMPDIR:-/tmp}/portway-syscalls.XXXXXX")
chmod 755 "$RUN"   # nginx's worker (user nobody) serves the body file from it
head -c 16384 /dev/zero | tr '\0' x >"$RUN/16k"
cat >"$RUN/nginx.conf" <<CONF
worker_processes 1; pid $RUN/nginx.pid; error_log $RUN/error.log; daemon on;
events {}
http { access_log off; sendfile on; keepalive_requests 1000000;
  server { listen 127.0.0.1:18080; root $RUN; location /hello { return 200 "hello\n"; } } }
CONF
nginx -c "$RUN/nginx.conf" -p "$RUN"
PW=""
cleanup() { [[ -n $PW ]] && kill "$PW" 2>/dev/null; kill "$(cat "$RUN/nginx.pid")" 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
PORTWAY_BENCH_ADMIN_PORT=18091 PORTWAY_ACCESS_LOG=$RUN/access.log java -Xms64m -Xmx128m \
  -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -jar "$JAR" --config "$ROOT/bench/portway-bench.yaml" \
  >"$RUN/portway.log" 2>&1 &
PW=$!
for (( i = 0; i < 300; i++ )); do
  curl -fs -o /dev/null "http://127.0.0.1:18090/$BODY" && break
  kill -0 "$PW" 2>/dev/null || { cat "$RUN/portway.log"; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:18090/$BODY" || { echo "no 200 on /$BODY within 30 s" >&2; exit 1; }
wrk -t1 -c50 -d8s "http://127.0.0.1:18090/$BODY" >/dev/null
strace -f -c -e trace=write,sendto,recvfrom,writev,epoll_wait,epoll_pwait,epoll_pwait2 -p "$PW" -o "$RUN/strace.txt" 2>/dev/null &
ST=$!
sleep 1
reqs=$(wrk -t1 -c50 -d4s "http://127.0.0.1:18090/$BODY" | awk '/requests in/ {print $1}')
kill -INT "$ST"; wait "$ST" 2>/dev/null || true
printf '%s /%s: %s requests; per request:' "$(basename "$JAR")" "$BODY" "$reqs"
awk -v r="$reqs" '$NF ~ /^(write|writev|sendto|recvfrom|epoll_wait|epoll_pwait|epoll_pwait2)$/ {printf " %s=%.2f", $NF, $4/r}' "$RUN/strace.txt"
echo
