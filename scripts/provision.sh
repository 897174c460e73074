#!/usr/bin/env bash
# Provisions what the image build and its tests need on a Debian machine of the project's kind,
# idempotently (a second run takes seconds):
#   - a Docker engine that builds multi-platform images (containerd image store + buildx), or the
#     machine's own engine when it already can (a laptop, a CI runner): then nothing is changed;
#   - arm64 emulation (qemu-user-static + binfmt_misc);
#   - a local registry on 127.0.0.1:5000 (Debian's docker-registry);
#   - Redis on 127.0.0.1:6379 (Debian's redis-server);
#   - the air-gapped base images (scripts/lib/build-bases.sh), pushed to the local registry and
#     loaded in the engine, rebuilt only when their inputs change.
#
# Progress and timings go to stderr. stdout carries only `export VAR=value` lines:
#     eval "$(scripts/provision.sh)"
#
# Environment knobs:
#   PORTWAY_TOOLCHAIN_DIR  where the toolchain lives (default /opt/portway-toolchain when root,
#                          else ${XDG_CACHE_HOME:-$HOME/.cache}/portway)
#   PORTWAY_OWN_ENGINE=1   always use the project's engine, even if a capable one is reachable
#   PORTWAY_SKIP_BASES=1   do not build the air-gapped base images
#   PORTWAY_IMAGE_MODE     public|airgap: which bases PORTWAY_MAVEN_IMAGE_ARGS selects (default:
#                          public only if its base images are already in the engine, else airgap)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

t_start=$(date +%s)
if [[ -n ${PORTWAY_TOOLCHAIN_DIR:-} ]]; then
  TC=$PORTWAY_TOOLCHAIN_DIR
elif [[ $(id -u) == 0 ]]; then
  TC=/opt/portway-toolchain
else
  TC=${XDG_CACHE_HOME:-$HOME/.cache}/portway
fi
mkdir -p "$TC"
TC=$(cd "$TC" && pwd)
# One provisioning at a time (several engineers/CI jobs may call it at once); daemons started
# below get fd 9 closed so they do not hold the lock.
exec 9>"$TC/.provision.lock"
if ! flock -n 9; then
  log "another provision.sh is running; waiting for it"
  flock 9
fi
RUN_DIR=/run/portway-docker                 # short path: unix sockets live below it
OWN_SOCK=$RUN_DIR/docker.sock
REGISTRY_ADDR=127.0.0.1:5000
REDIS_PORT=6379

SUDO=()
[[ $(id -u) == 0 ]] || SUDO=(sudo)

EXPORTS=()
export_var() { EXPORTS+=("export $1=$(printf '%q' "$2")"); export "$1=$2"; }

# ---------------------------------------------------------------------------------------------
# Debian packages from the machine's own release (bookworm here).
# iptables: dockerd looks for it once at start; without it the embedded DNS of user networks fails
# ("Resolver Start failed"), even with "iptables": false.
BOOKWORM_PKGS=(qemu-user-static binfmt-support docker-registry redis-server runc curl jq iptables)
apt_install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if (( ${#missing[@]} == 0 )); then log "Debian packages present: $*"; return; fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    "${SUDO[@]}" apt-get update -q >&2
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Engine detection: a reachable engine with the containerd image store and a working buildx.
engine_capable() { # HOST
  local host=$1 status
  status=$(DOCKER_HOST=$host docker info -f '{{json .DriverStatus}}' 2>/dev/null) || return 1
  [[ $status == *io.containerd.snapshotter* ]] && DOCKER_HOST=$host docker buildx version >/dev/null 2>&1
}

ENGINE_ROOT=$TC/engine/root      # trixie packages unpacked with dpkg -x
ENGINE_BIN=$TC/engine/bin        # what dockerd finds on PATH (trixie binaries + bookworm runc)
ENGINE_DATA=$TC/engine/data
DOCKER_CFG=$TC/docker-config     # DOCKER_CONFIG of the project's engine: holds cli-plugins/docker-buildx
ENGINE_PKGS=(docker.io docker-cli docker-buildx containerd tini)

unpack_engine() {
  # Fast path: unpacked binaries newer than the package lists they were chosen from.
  if [[ -x $ENGINE_BIN/dockerd && -f $TC/engine/stamp ]] \
     && [[ -z $(find "$TC/apt-trixie/lists" -maxdepth 1 -name '*Packages*' -newer "$TC/engine/stamp" 2>/dev/null) ]] \
     && [[ -z $(find "$TC/apt-trixie/lists" -maxdepth 1 -name '*trixie_InRelease' -mmin +1440 2>/dev/null) ]]; then
    log "engine binaries present ($(cat "$TC/engine/stamp"))"; return
  fi
  trixie_apt_init "$TC/apt-trixie"
  local stamp="" p
  for p in "${ENGINE_PKGS[@]}"; do stamp+="$p=$(trixie_version "$p") "; done
  if [[ -f $TC/engine/stamp && $(cat "$TC/engine/stamp") == "$stamp" && -x $ENGINE_BIN/dockerd ]]; then
    log "engine binaries present ($stamp)"; touch "$TC/engine/stamp"; return
  fi
  log "fetching trixie engine packages: $stamp"
  local debs; mapfile -t debs < <(trixie_fetch "$TC/apt-trixie/debs" "${ENGINE_PKGS[@]}")
  rm -rf "$ENGINE_ROOT" "$ENGINE_BIN"; mkdir -p "$ENGINE_ROOT" "$ENGINE_BIN"
  for p in "${debs[@]}"; do dpkg -x "$p" "$ENGINE_ROOT"; done
  local f
  for f in "$ENGINE_ROOT"/usr/bin/* "$ENGINE_ROOT"/usr/sbin/* "$ENGINE_ROOT"/usr/libexec/docker/*; do
    [[ -f $f && -x $f ]] && ln -sf "$f" "$ENGINE_BIN/$(basename "$f")"
  done
  # trixie's runc needs GLIBC_2.38: use the machine's (bookworm) runc.
  rm -f "$ENGINE_BIN/runc"; ln -sf "$(command -v runc || echo /usr/sbin/runc)" "$ENGINE_BIN/runc"
  [[ -e $ENGINE_BIN/docker-init ]] || ln -sf "$ENGINE_ROOT/usr/bin/tini-static" "$ENGINE_BIN/docker-init"
  mkdir -p "$DOCKER_CFG/cli-plugins"
  ln -sf "$ENGINE_ROOT/usr/libexec/docker/cli-plugins/docker-buildx" "$DOCKER_CFG/cli-plugins/docker-buildx"
  printf '%s' "$stamp" >"$TC/engine/stamp"
}

start_own_engine() {
  mkdir -p "$RUN_DIR" "$ENGINE_DATA" "$TC/logs"
  cat >"$TC/engine/daemon.json" <<EOF
{
  "hosts": ["unix://$OWN_SOCK"],
  "data-root": "$ENGINE_DATA",
  "exec-root": "$RUN_DIR/exec",
  "pidfile": "$RUN_DIR/dockerd.pid",
  "features": {"containerd-snapshotter": true},
  "iptables": false,
  "ip6tables": false,
  "log-driver": "json-file",
  "log-opts": {"max-size": "10m", "max-file": "2"}
}
EOF
  if DOCKER_HOST=unix://$OWN_SOCK "$ENGINE_BIN/docker" version >/dev/null 2>&1; then
    log "project engine already running on unix://$OWN_SOCK"; return
  fi
  # Only one daemon of ours: a stale pid file of a dead one is removed, a live one is waited for.
  if [[ -f $RUN_DIR/dockerd.pid ]] && kill -0 "$(cat "$RUN_DIR/dockerd.pid")" 2>/dev/null; then
    log "dockerd $(cat "$RUN_DIR/dockerd.pid") is starting; waiting for its socket"
  else
    rm -f "$RUN_DIR/dockerd.pid"
    log "starting dockerd (log $TC/logs/dockerd.log)"
    PATH="$ENGINE_BIN:$PATH" setsid nohup "$ENGINE_BIN/dockerd" --config-file "$TC/engine/daemon.json" \
      >>"$TC/logs/dockerd.log" 2>&1 </dev/null 9>&- &
  fi
  wait_for 60 "dockerd" env DOCKER_HOST="unix://$OWN_SOCK" "$ENGINE_BIN/docker" version \
    || { tail -20 "$TC/logs/dockerd.log" >&2; die "dockerd did not come up"; }
}

stage_engine() {
  if [[ ${PORTWAY_OWN_ENGINE:-0} != 1 ]]; then
    local cand
    for cand in "${DOCKER_HOST:-}" unix:///var/run/docker.sock; do
      [[ -n $cand && $cand != "unix://$OWN_SOCK" ]] || continue
      if command -v docker >/dev/null && engine_capable "$cand"; then
        log "using the existing engine at $cand (containerd image store + buildx): changing nothing"
        export_var DOCKER_HOST "$cand"
        export_var PORTWAY_ENGINE external
        return
      fi
    done
  fi
  unpack_engine
  start_own_engine
  [[ :$PATH: == *":$ENGINE_BIN:"* ]] || PATH="$ENGINE_BIN:$PATH"
  export PATH DOCKER_CONFIG=$DOCKER_CFG
  engine_capable "unix://$OWN_SOCK" || die "project engine lacks the containerd store or buildx"
  export_var DOCKER_HOST "unix://$OWN_SOCK"
  export_var DOCKER_CONFIG "$DOCKER_CFG"
  export_var PATH "$PATH"
  export_var PORTWAY_ENGINE project
}

# ---------------------------------------------------------------------------------------------
stage_emulation() {
  if docker_arm64_ok; then log "arm64 emulation works"; return; fi
  if [[ ! -f /proc/sys/fs/binfmt_misc/status ]]; then
    log "mounting binfmt_misc"
    "${SUDO[@]}" mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  if [[ ! -f /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || ! grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64; then
    log "enabling qemu-aarch64"
    "${SUDO[@]}" update-binfmts --enable qemu-aarch64 >&2
  fi
  grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || die "qemu-aarch64 is registered without the F flag: containers cannot use it"
  log "binfmt qemu-aarch64: $(tr '\n' ' ' </proc/sys/fs/binfmt_misc/qemu-aarch64 | cut -c1-60)"
}
# Cheap check: the interpreter is registered with the fix-binary flag (what containers need).
docker_arm64_ok() {
  [[ -f /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] && grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    && grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64
}

# ---------------------------------------------------------------------------------------------
registry_up() { curl -fs -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/"; }
stage_registry() {
  if registry_up; then log "registry answers on $REGISTRY_ADDR"; return; fi
  mkdir -p "$TC/registry/data" "$TC/logs"
  cat >"$TC/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $TC/registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
  log "starting docker-registry on $REGISTRY_ADDR (storage $TC/registry/data)"
  setsid nohup docker-registry serve "$TC/registry/config.yml" >>"$TC/logs/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"$TC/registry/registry.pid"
  wait_for 30 "registry" registry_up || { tail -20 "$TC/logs/registry.log" >&2; die "registry did not come up"; }
}

# ---------------------------------------------------------------------------------------------
redis_up() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
stage_redis() {
  if redis_up; then log "redis answers on 127.0.0.1:$REDIS_PORT"; return; fi
  mkdir -p "$TC/redis" "$TC/logs"
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$TC/redis" \
    --pidfile "$TC/redis/redis.pid" --logfile "$TC/logs/redis.log" --save '' --appendonly no >&2 9>&-
  wait_for 30 "redis" redis_up || die "redis did not come up"
}

# ---------------------------------------------------------------------------------------------
stage_bases() {
  if [[ ${PORTWAY_SKIP_BASES:-0} == 1 ]]; then log "PORTWAY_SKIP_BASES=1: not building base images"; return; fi
  local out
  out=$(TC=$TC REGISTRY=$REGISTRY_ADDR "$here/lib/build-bases.sh")
  local line
  while IFS= read -r line; do
    if [[ $line == *=* ]]; then export_var "${line%%=*}" "${line#*=}"; fi
  done <<<"$out"
}

pstage "Debian packages (bookworm)" apt_install_missing "${BOOKWORM_PKGS[@]}"
pstage "container engine" stage_engine
pstage "arm64 emulation" stage_emulation
pstage "local registry" stage_registry
pstage "redis" stage_redis
export_var PORTWAY_REGISTRY "$REGISTRY_ADDR"
export_var PORTWAY_REDIS_URL "redis://127.0.0.1:$REDIS_PORT"
export_var PORTWAY_TOOLCHAIN_DIR "$TC"
pstage "air-gapped base images" stage_bases

# Which bases the image build uses. Never decided by probing the internet: public bases only when
# asked for (PORTWAY_IMAGE_MODE=public) or when they are already in the engine; else the local ones.
image_mode=${PORTWAY_IMAGE_MODE:-}
if [[ -z $image_mode ]]; then
  image_mode=airgap
  if docker image inspect eclipse-temurin:21-jdk gcr.io/distroless/java-base-debian13:nonroot >/dev/null 2>&1; then
    image_mode=public
  fi
fi
if [[ $image_mode == airgap && -n ${PORTWAY_BASE_BUILD_IMAGE:-} ]]; then
  export_var PORTWAY_MAVEN_IMAGE_ARGS "-Pairgap -Dimage.base.build=$PORTWAY_BASE_BUILD_IMAGE -Dimage.base.jmods=$PORTWAY_BASE_JMODS_IMAGE -Dimage.base.runtime=$PORTWAY_BASE_RUNTIME_IMAGE"
elif [[ $image_mode == airgap ]]; then
  export_var PORTWAY_MAVEN_IMAGE_ARGS "-Pairgap"
else
  export_var PORTWAY_MAVEN_IMAGE_ARGS ""
fi
log "image bases: $image_mode (PORTWAY_MAVEN_IMAGE_ARGS=$PORTWAY_MAVEN_IMAGE_ARGS)"
printf '==> [provision] done in %ss\n' "$(( $(date +%s) - t_start ))" >&2

printf '%s\n' "${EXPORTS[@]}"
