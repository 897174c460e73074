#!/usr/bin/env bash
# Compressed (sum of the layer blobs as stored in the registry) and uncompressed (sum of the
# gunzipped layers) size of each platform image of a pushed index, read with the registry HTTP API.
#   measure-size.sh REGISTRY/REPOSITORY:TAG
set -euo pipefail
ref=${1:?usage: measure-size.sh REGISTRY/REPOSITORY:TAG}
registry=${ref%%/*}; rest=${ref#*/}; repo=${rest%:*}; tag=${rest##*:}
accept='application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
get() { curl -fsS -H "Accept: $accept" "http://$registry/v2/$repo/$1"; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1000000}'; }
get "manifests/$tag" | jq -r '.manifests[] | "\(.platform.os)/\(.platform.architecture) \(.digest)"' |
while read -r platform digest; do
  manifest=$(get "manifests/$digest")
  compressed=$(jq '[.layers[].size] | add' <<<"$manifest")
  uncompressed=0
  for layer in $(jq -r '.layers[].digest' <<<"$manifest"); do
    n=$(get "blobs/$layer" | gzip -dc | wc -c)
    uncompressed=$((uncompressed + n))
  done
  printf '%-12s compressed %s (%d bytes), uncompressed %s (%d bytes), %d layers\n' "$platform" \
    "$(mb "$compressed")" "$compressed" "$(mb "$uncompressed")" "$uncompressed" "$(jq '.layers | length' <<<"$manifest")"
done
