#!/usr/bin/env bash
# Builds the air-gapped base images from Debian trixie packages, without emulation and without a
# chroot: every root filesystem is assembled with `apt-get download` + `dpkg -x` (no maintainer
# scripts run), then turned into an image with `FROM scratch` + `ADD rootfs-$TARGETARCH.tar /`.
#
#   $REGISTRY/portway-base/jdk21-build:<tag>  JDK 21 for the build platform (+ busybox for RUN),
#                                              single platform (the machine's own architecture)
#   $REGISTRY/portway-base/jmods21:<tag>      /opt/jmods of the same JDK version, amd64 + arm64
#                                              (the cross-jlink input of the target platform)
#   $REGISTRY/portway-base/runtime:<tag>      distroless-style root (libc, libstdc++, zlib, CA
#                                              bundle, tzdata, nonroot:65532, no shell), amd64 + arm64
#
# Every image records its Debian packages in /usr/share/portway-base/packages.tsv
# (name, version, architecture, source package) and, like distroless, one control file per package
# under /var/lib/dpkg/status.d/ so that SBOM scanners list them as pkg:deb/debian/...
#
# Tags are derived from a hash of this script and the exact package versions: the images are
# rebuilt only when one of them changes. Pushed to the local registry AND present in the engine.
# Prints KEY=VALUE lines on stdout (read by provision.sh); logs go to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"

: "${TC:?TC (toolchain dir) must be set}"
REGISTRY=${REGISTRY:-127.0.0.1:5000}
PLATFORM_ARCHES=(amd64 arm64)
BUILD_ARCH=$(dpkg --print-architecture)
JDK=openjdk-21
EPOCH=1764288000   # 2025-11-28T00:00:00Z: fixed mtime for reproducible tarballs

RUNTIME_PKGS=(base-files netbase tzdata ca-certificates libc6 libgcc-s1 libstdc++6 zlib1g)
BUILD_PKGS=("${RUNTIME_PKGS[@]}" busybox-static "$JDK-jre-headless" "$JDK-jdk-headless")

trixie_apt_init "$TC/apt-trixie"
DEBS=$TC/apt-trixie/debs

# --- inputs and tags -------------------------------------------------------------------------
versions_of() { # ARCH PKG... -> sorted "pkg:arch=version" lines (one apt-cache call)
  local arch=$1; shift
  apt-cache "${TRIXIE_APT_OPTS[@]}" show --no-all-versions "${@/%/:$arch}" "${@/%/:all}" 2>/dev/null \
    | awk -v want="$arch" '/^Package:/ {p=$2} /^Architecture:/ {a=$2} /^Version:/ {v=$2}
        /^$/ && p {if (a == want || a == "all") print p ":" a "=" v; p=""}
        END {if (p && (a == want || a == "all")) print p ":" a "=" v}' \
    | sort -u
}
# Computing the tags asks apt-cache about ~30 packages (a few seconds): cache the result until the
# package lists or these scripts change.
tags_cache=$TC/bases/tags.env
mkdir -p "$TC/bases"
if [[ -f $tags_cache && -z $(find "$TC/apt-trixie/lists" "$here/build-bases.sh" "$here/common.sh" -maxdepth 1 -type f -newer "$tags_cache" 2>/dev/null) ]]; then
  # shellcheck disable=SC1090
  source "$tags_cache"
else
  script_hash=$(cat "$here/build-bases.sh" "$here/common.sh" | sha256sum | cut -c1-64)
  runtime_inputs=$( { echo "$script_hash"; for a in "${PLATFORM_ARCHES[@]}"; do versions_of "$a" "${RUNTIME_PKGS[@]}"; done; } )
  build_inputs=$( { echo "$script_hash"; versions_of "$BUILD_ARCH" "${BUILD_PKGS[@]}"; } )
  jmods_inputs=$( { echo "$script_hash"; for a in "${PLATFORM_ARCHES[@]}"; do versions_of "$a" "$JDK-jdk-headless"; done; } )
  java_version=$(versions_of "$BUILD_ARCH" "$JDK-jdk-headless" | cut -d= -f2)   # e.g. 21.0.13+9-1~deb13u2
  java_short=${java_version%%+*}                                    # 21.0.13
  h() { sha256sum <<<"$1" | cut -c1-12; }
  RUNTIME_IMAGE=$REGISTRY/portway-base/runtime:trixie-$(h "$runtime_inputs")
  BUILD_IMAGE=$REGISTRY/portway-base/jdk21-build:$java_short-$BUILD_ARCH-$(h "$build_inputs")
  JMODS_IMAGE=$REGISTRY/portway-base/jmods21:$java_short-$(h "$jmods_inputs")
  printf 'RUNTIME_IMAGE=%q\nBUILD_IMAGE=%q\nJMODS_IMAGE=%q\njava_version=%q\n' \
    "$RUNTIME_IMAGE" "$BUILD_IMAGE" "$JMODS_IMAGE" "$java_version" >"$tags_cache"
fi

# --- helpers ---------------------------------------------------------------------------------
engine_has() { docker image inspect "$1" >/dev/null 2>&1; }

# assemble_root DIR ARCH PKG...: dpkg -x every package into DIR, merge /usr, record the packages.
assemble_root() {
  local root=$1 arch=$2; shift 2
  rm -rf "$root"; mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$root/var/lib/dpkg/status.d" "$root/usr/share/portway-base"
  local p deb debs name ver src
  mapfile -t debs < <(trixie_fetch "$DEBS" "${@/%/:$arch}")
  : >"$root/usr/share/portway-base/packages.tsv"
  for deb in "${debs[@]}"; do
    dpkg-deb -x "$deb" "$root"
    name=$(dpkg-deb -f "$deb" Package); ver=$(dpkg-deb -f "$deb" Version)
    src=$(dpkg-deb -f "$deb" Source); src=${src%% *}; src=${src:-$name}
    printf '%s\t%s\t%s\t%s\n' "$name" "$ver" "$(dpkg-deb -f "$deb" Architecture)" "$src" >>"$root/usr/share/portway-base/packages.tsv"
    { dpkg-deb -f "$deb"; echo "Status: install ok installed"; } >"$root/var/lib/dpkg/status.d/$name"
  done
  sort -o "$root/usr/share/portway-base/packages.tsv" "$root/usr/share/portway-base/packages.tsv"
  # merged /usr: /bin, /sbin, /lib* are symlinks into /usr (trixie ships almost everything there).
  local d
  for d in bin sbin lib lib64; do
    if [[ -d $root/$d && ! -L $root/$d ]]; then
      mkdir -p "$root/usr/$d"; cp -a "$root/$d/." "$root/usr/$d/"; rm -rf "${root:?}/$d"
    fi
    if [[ -e $root/usr/$d ]]; then ln -sfn "usr/$d" "$root/$d"; fi
  done
  # what the maintainer scripts would have done and a distroless root has
  mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/home/nonroot" "$root/root"
  chmod 1777 "$root/tmp"; chmod 700 "$root/root"
  find "$root/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat >"$root/etc/ssl/certs/ca-certificates.crt"
  ln -sfn /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"; echo Etc/UTC >"$root/etc/timezone"
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
nonroot:x:65532:
EOF
  cat >"$root/etc/nsswitch.conf" <<'EOF'
passwd:         files
group:          files
shadow:         files
hosts:          files dns
networks:       files
protocols:      files
services:       files
ethers:         files
rpc:            files
EOF
  # documentation, man pages and lintian overrides are not needed in an image
  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/info" "$root/usr/share/lintian" \
         "$root/usr/share/bug" "$root/usr/share/locale"
}

# to_tar DIR TAR: a reproducible tarball, root-owned, /home/nonroot owned by 65532.
to_tar() {
  local root=$1 tar=$2
  local opts=(--sort=name --mtime="@$EPOCH" --numeric-owner --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
  tar -C "$root" "${opts[@]}" --owner=0 --group=0 --exclude=./home/nonroot -cf "$tar" .
  if [[ -d $root/home/nonroot ]]; then
    tar -C "$root" "${opts[@]}" --owner=65532 --group=65532 -rf "$tar" ./home/nonroot
  fi
}

# build_image IMAGE MOVING_TAG CTX PLATFORMS: FROM scratch + ADD rootfs-$TARGETARCH.tar, push and load.
build_image() {
  local image=$1 moving=$2 ctx=$3 platforms=$4
  docker buildx build --builder default --progress=plain --platform "$platforms" --provenance=false --pull=false \
    --output "type=image,\"name=$image,$moving\",push=true" "$ctx" >>"$TC/logs/bases-build.log" 2>&1 \
    || { tail -30 "$TC/logs/bases-build.log" >&2; die "build of $image failed"; }
  engine_has "$image" || docker pull -q "$image" >&2
}

write_dockerfile() { # CTX EXTRA-LINES
  cat >"$1/Dockerfile" <<EOF
FROM scratch
ARG TARGETARCH
ADD rootfs-\${TARGETARCH}.tar /
$2
EOF
}

registry_digest() { # IMAGE -> manifest (list) digest in the registry, empty when absent
  local ref=${1#"$REGISTRY"/} repo tag
  repo=${ref%:*}; tag=${ref##*:}
  curl -fs --max-time 5 -I \
    -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "http://$REGISTRY/v2/$repo/manifests/$tag" | tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}'
}

# ensure IMAGE MOVING_TAG -> 0 if IMAGE is already built: then the moving tag (what -Pairgap uses)
# is pointed at it in the registry and in the engine, and the engine holds both names.
ensure() {
  local image=$1 moving=$2 d
  d=$(registry_digest "$image")
  [[ -n $d ]] || return 1
  if [[ $(registry_digest "$moving") != "$d" ]]; then
    log "pointing $moving at $image"
    docker buildx imagetools create --tag "$moving" "$image" >&2
  fi
  engine_has "$image" || { log "loading $image into the engine"; docker pull -q "$image" >&2; }
  if [[ $(docker image inspect -f '{{.Id}}' "$moving" 2>/dev/null) != "$(docker image inspect -f '{{.Id}}' "$image")" ]]; then
    docker tag "$image" "$moving"
  fi
  log "up to date: $image (= $moving)"
}

work=$TC/bases/work
mkdir -p "$work"

# --- runtime root ----------------------------------------------------------------------------
if ! ensure "$RUNTIME_IMAGE" "$REGISTRY/portway-base/runtime:trixie"; then
  t0=$(date +%s); log "building $RUNTIME_IMAGE"
  ctx=$work/runtime; rm -rf "$ctx"; mkdir -p "$ctx"
  for a in "${PLATFORM_ARCHES[@]}"; do
    assemble_root "$work/root-runtime-$a" "$a" "${RUNTIME_PKGS[@]}"
    to_tar "$work/root-runtime-$a" "$ctx/rootfs-$a.tar"
    cp "$work/root-runtime-$a/usr/share/portway-base/packages.tsv" "$TC/bases/runtime-$a.packages.tsv"
  done
  write_dockerfile "$ctx" 'USER 65532:65532
WORKDIR /home/nonroot
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
LABEL org.opencontainers.image.title="portway-base/runtime" org.opencontainers.image.description="Distroless-style Debian trixie root: libc, libstdc++, zlib, CA bundle, tzdata, nonroot:65532; no shell. Packages in /usr/share/portway-base/packages.tsv"'
  build_image "$RUNTIME_IMAGE" "$REGISTRY/portway-base/runtime:trixie" "$ctx" "$(printf 'linux/%s,' "${PLATFORM_ARCHES[@]}" | sed 's/,$//')"
  log "built $RUNTIME_IMAGE in $(( $(date +%s) - t0 ))s"
fi

# --- jmods of every target platform ------------------------------------------------------------
if ! ensure "$JMODS_IMAGE" "$REGISTRY/portway-base/jmods21:21"; then
  t0=$(date +%s); log "building $JMODS_IMAGE"
  ctx=$work/jmods; rm -rf "$ctx"; mkdir -p "$ctx"
  for a in "${PLATFORM_ARCHES[@]}"; do
    x=$work/jdk-$a; rm -rf "$x"; mkdir -p "$x"
    deb=$(trixie_fetch "$DEBS" "$JDK-jdk-headless:$a")
    dpkg-deb -x "$deb" "$x"
    r=$work/root-jmods-$a; rm -rf "$r"; mkdir -p "$r/opt/jmods" "$r/usr/share/portway-base"
    cp -a "$x/usr/lib/jvm/java-21-openjdk-$a/jmods/." "$r/opt/jmods/"
    printf '%s\t%s\t%s\t%s\n' "$JDK-jdk-headless" "$(dpkg-deb -f "$deb" Version)" "$a" "$JDK" >"$r/usr/share/portway-base/packages.tsv"
    to_tar "$r" "$ctx/rootfs-$a.tar"
    rm -rf "$x"
  done
  write_dockerfile "$ctx" "LABEL org.opencontainers.image.title=\"portway-base/jmods21\" org.opencontainers.image.version=\"$java_version\" org.opencontainers.image.description=\"jmods of Debian $JDK-jdk-headless $java_version under /opt/jmods (cross-jlink input)\""
  build_image "$JMODS_IMAGE" "$REGISTRY/portway-base/jmods21:21" "$ctx" "$(printf 'linux/%s,' "${PLATFORM_ARCHES[@]}" | sed 's/,$//')"
  log "built $JMODS_IMAGE in $(( $(date +%s) - t0 ))s"
fi

# --- JDK build image (build platform only) -----------------------------------------------------
if ! ensure "$BUILD_IMAGE" "$REGISTRY/portway-base/jdk21-build:21"; then
  t0=$(date +%s); log "building $BUILD_IMAGE"
  ctx=$work/build; rm -rf "$ctx"; mkdir -p "$ctx"
  r=$work/root-build-$BUILD_ARCH
  assemble_root "$r" "$BUILD_ARCH" "${BUILD_PKGS[@]}"
  jh=/usr/lib/jvm/java-21-openjdk-$BUILD_ARCH
  # busybox as /bin/sh & co. (static), so RUN works; the JDK's cacerts symlink target from the CA bundle
  for app in $("$r/usr/bin/busybox" --list); do
    [[ -e $r/usr/bin/$app || -L $r/usr/bin/$app ]] || ln -s busybox "$r/usr/bin/$app"
  done
  rm -rf "$r/usr/lib/jvm/java-21-openjdk-$BUILD_ARCH/man" "$r/usr/lib/jvm/java-21-openjdk-$BUILD_ARCH/docs"
  ln -sfn "java-21-openjdk-$BUILD_ARCH" "$r/usr/lib/jvm/java-21"
  to_tar "$r" "$ctx/rootfs-$BUILD_ARCH.tar"
  cp "$r/usr/share/portway-base/packages.tsv" "$TC/bases/jdk21-build-$BUILD_ARCH.packages.tsv"
  write_dockerfile "$ctx" "ENV JAVA_HOME=/usr/lib/jvm/java-21 PATH=/usr/lib/jvm/java-21/bin:/usr/sbin:/usr/bin:/sbin:/bin
LABEL org.opencontainers.image.title=\"portway-base/jdk21-build\" org.opencontainers.image.version=\"$java_version\" org.opencontainers.image.description=\"Debian $JDK-jdk-headless $java_version with jmods, busybox sh; build stage only\""
  build_image "$BUILD_IMAGE" "$REGISTRY/portway-base/jdk21-build:21" "$ctx" "linux/$BUILD_ARCH"
  log "built $BUILD_IMAGE in $(( $(date +%s) - t0 ))s"
fi

printf 'PORTWAY_BASE_BUILD_IMAGE=%s\n' "$BUILD_IMAGE"
printf 'PORTWAY_BASE_JMODS_IMAGE=%s\n' "$JMODS_IMAGE"
printf 'PORTWAY_BASE_RUNTIME_IMAGE=%s\n' "$RUNTIME_IMAGE"
printf 'PORTWAY_BASE_JAVA_VERSION=%s\n' "$java_version"
