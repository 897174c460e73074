#!/usr/bin/env bash
# Runs at prepare-package (exec-maven-plugin). Two jobs:
#
# 1. Copies gateway-server/target/portway.jar and exactly the jars its manifest Class-Path names
#    (from gateway-server/target/lib/) into the docker build context, so the image holds what the
#    server module built, and no stale jar a previous build left in target/lib. Fails when one is missing.
#
# 2. fabric8's buildx mode runs `docker --config <dockerStateDir> buildx ...`: with --config, the
#    docker CLI looks for plugins in <dockerStateDir>/cli-plugins and the system plugin directories
#    only. Links the buildx plugin of the current docker configuration (DOCKER_CONFIG, e.g. the
#    project's toolchain from scripts/provision.sh, or ~/.docker) there. Nothing to link when a
#    system-wide plugin exists (Docker Desktop, docker-ce packages, GitHub runners).
set -euo pipefail
server_target=${1:?usage: prepare-context.sh SERVER_TARGET CONTEXT_DIR DOCKER_STATE_DIR}
context=${2:?}
state=${3:?}

# --- 1. application jars -------------------------------------------------------------------------
jar=$server_target/portway.jar
[[ -f $jar ]] || { echo "missing $jar: build gateway-server first (./mvnw -pl gateway-image -am package)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" --extract --file "$jar" META-INF/MANIFEST.MF)
# Manifest lines are wrapped at 72 bytes; continuation lines start with one space.
classpath=$(tr -d '\r' <"$tmp/META-INF/MANIFEST.MF" | awk '
  /^ / { if (cp) line = line substr($0, 2); next }
  { cp = 0 } /^Class-Path:/ { cp = 1; line = substr($0, 13) }
  END { print line }')
rm -rf "$context/lib"; mkdir -p "$context/lib"
cp "$jar" "$context/portway.jar"
n=0
for entry in $classpath; do
  [[ $entry == lib/* ]] || { echo "unexpected Class-Path entry $entry in $jar" >&2; exit 1; }
  [[ -f $server_target/$entry ]] || { echo "missing $server_target/$entry (named in $jar's Class-Path)" >&2; exit 1; }
  cp "$server_target/$entry" "$context/$entry"; n=$((n + 1))
done
echo "docker context: portway.jar + $n jars of its Class-Path"

# --- 2. buildx plugin ------------------------------------------------------------------------------
mkdir -p "$state/cli-plugins"
for candidate in "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-buildx" "$HOME/.docker/cli-plugins/docker-buildx"; do
  if [[ -x $candidate ]]; then
    ln -sfn "$(readlink -f "$candidate")" "$state/cli-plugins/docker-buildx"
    echo "buildx plugin: $candidate"
    exit 0
  fi
done
for dir in /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins; do
  if [[ -x $dir/docker-buildx ]]; then echo "buildx plugin: $dir/docker-buildx (system)"; exit 0; fi
done
echo "no docker buildx plugin found: run scripts/provision.sh (eval its output) or install docker-buildx" >&2
exit 1
