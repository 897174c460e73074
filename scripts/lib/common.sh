# shellcheck shell=bash
# Helpers shared by scripts/provision*.sh. Everything here logs to stderr: stdout of
# provision.sh is reserved for the `export VAR=value` lines that callers eval.

log()  { printf '    [provision] %s\n' "$*" >&2; }
warn() { printf '    [provision] WARNING: %s\n' "$*" >&2; }
die()  { printf '    [provision] ERROR: %s\n' "$*" >&2; exit 1; }

# stage NAME CMD...: runs CMD, prints its name and duration (stderr).
pstage() {
  local name=$1; shift
  local t0; t0=$(date +%s%N)
  printf '==> [provision] %s\n' "$name" >&2
  "$@"
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '==> [provision] %s: %d.%01ds\n' "$name" $(( ms / 1000 )) $(( ms % 1000 / 100 )) >&2
}

# wait_for SECONDS DESCRIPTION CMD...: polls CMD every 0.2 s until it succeeds.
wait_for() {
  local limit=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then return 1; fi
    sleep 0.2
  done
  log "$what is up"
}

# The Debian mirror this machine is configured with (first URI of its main sources), so that the
# private trixie lookups go through the same package registry as the system's apt.
debian_mirror() {
  local uri=""
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z $uri && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [[ -n $uri ]] || die "cannot find the Debian mirror in /etc/apt/sources.list*"
  printf '%s\n' "${uri%/}"
}

# Private apt state for Debian trixie: its own sources, lists, cache and an empty dpkg status,
# so `apt-get download` can fetch trixie .debs (any architecture) without touching the system's
# apt configuration or installing anything.
TRIXIE_APT_OPTS=()
trixie_apt_init() {
  local dir=$1
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs"
  : >"$dir/status"
  local mirror; mirror=$(debian_mirror)
  local want="deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main"
  if [[ ! -f $dir/sources.list ]] || [[ $(cat "$dir/sources.list") != "$want" ]]; then
    printf '%s\n' "$want" >"$dir/sources.list"
    rm -f "$dir/lists/"*_Packages* 2>/dev/null || true
  fi
  TRIXIE_APT_OPTS=(
    -o "Dir::Etc::SourceList=$dir/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=/dev/null"
    -o "Dir::State::Lists=$dir/lists"
    -o "Dir::State::status=$dir/status"
    -o "Dir::Cache=$dir/cache"
    -o "APT::Architecture=amd64" -o "APT::Architectures::=amd64" -o "APT::Architectures::=arm64"
    -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
  )
  # Refresh the lists once a day (or when missing).
  if ! compgen -G "$dir/lists/*trixie*Packages*" >/dev/null \
     || [[ -n $(find "$dir/lists" -maxdepth 1 -name '*trixie_InRelease' -mmin +1440 2>/dev/null) ]]; then
    log "apt-get update (private trixie lists in $dir)"
    apt-get -q "${TRIXIE_APT_OPTS[@]}" update >&2
  fi
}

# trixie_version PKG[:ARCH] -> candidate version in trixie (also for Architecture: all packages)
trixie_version() {
  local v; v=$(trixie_version1 "$1")
  if [[ -z $v && $1 == *:* ]]; then
    v=$(apt-cache "${TRIXIE_APT_OPTS[@]}" show --no-all-versions "${1%%:*}:all" 2>/dev/null \
          | awk '/^Architecture: all/ {a=1} /^Version:/ && !v {v=$2} END {if (a) print v}')
  fi
  printf '%s\n' "$v"
}
trixie_version1() {
  apt-cache "${TRIXIE_APT_OPTS[@]}" show --no-all-versions "$1" 2>/dev/null | awk '/^Version:/ && !v {v=$2} END {print v}'
}

# trixie_fetch DIR PKG[:ARCH]...: downloads the .debs (cached in DIR) and prints their paths.
trixie_fetch() {
  local dir=$1; shift
  local p name arch ver file
  for p in "$@"; do
    name=${p%%:*}; arch=amd64; [[ $p == *:* ]] && arch=${p#*:}
    ver=$(trixie_version "$name:$arch")
    [[ -n $ver ]] || die "trixie has no package $name:$arch"
    file=$(compgen -G "$dir/${name}_${ver//:/%3a}_${arch}.deb" || compgen -G "$dir/${name}_${ver//:/%3a}_all.deb" || true)
    if [[ -z $file ]]; then
      (cd "$dir" && { apt-get -q "${TRIXIE_APT_OPTS[@]}" download "$name:$arch=$ver" >&2 2>/dev/null \
                      || apt-get -q "${TRIXIE_APT_OPTS[@]}" download "$name:all=$ver" >&2; })
      file=$(compgen -G "$dir/${name}_${ver//:/%3a}_${arch}.deb" || compgen -G "$dir/${name}_${ver//:/%3a}_all.deb") \
        || die "download of $name:$arch=$ver produced no file"
    fi
    printf '%s\n' "$file"
  done
}
