#!/usr/bin/env bash
# bench/jmh/run.sh [JMH args]: builds gateway-core and the JMH module, then runs the benchmarks.
#   bench/jmh/run.sh                         # all, JMH defaults from the annotations
#   bench/jmh/run.sh Metrics -prof gc        # a subset (regex), with allocation figures
#   JMH_NO_BUILD=1 bench/jmh/run.sh ...      # skip the Maven steps
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -z ${JMH_NO_BUILD:-} ]]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl gateway-core -am install -DskipTests \
    && ./mvnw -B -ntp -q -f bench/jmh/pom.xml package)
fi
D=$ROOT/bench/jmh/target
# The access-log benchmarks write through bench/logback-bench.xml into a scratch file (forks inherit both).
export PORTWAY_ACCESS_LOG=${PORTWAY_ACCESS_LOG:-${TMPDIR:-/tmp}/portway-jmh-access.log}
# shellcheck disable=SC2086 # JMH_JAVA_OPTS is a list of flags
exec java ${JMH_JAVA_OPTS:-} -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -cp "$D/classes:$(cat "$D/classpath.txt")" org.openjdk.jmh.Main "$@"
