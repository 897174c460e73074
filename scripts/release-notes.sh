#!/usr/bin/env bash
# Prints the GitHub Release notes of one release: the image by digest and the commands that verify
# it. Used by .github/workflows/release.yml; tested by .github/tests/workflows.test.mjs.
#
#   scripts/release-notes.sh IMAGE DIGEST VERSION OWNER/REPO [SERVER_URL]
#   scripts/release-notes.sh ghcr.io/acme/portway sha256:<64 hex> 1.2.3 Acme/portway
set -euo pipefail

if [[ $# -lt 4 || $# -gt 5 ]]; then
  echo "usage: $0 IMAGE DIGEST VERSION OWNER/REPO [SERVER_URL]" >&2
  exit 2
fi
image=$1 digest=$2 version=$3 repository=$4 server=${5:-https://github.com}

[[ "$image" =~ ^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+$ ]] || { echo "bad image name: $image" >&2; exit 2; }
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "bad digest: $digest" >&2; exit 2; }
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "bad version: $version" >&2; exit 2; }
[[ "$repository" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "bad repository: $repository" >&2; exit 2; }

owner=${repository%%/*}
ref="$image@$digest"
identity="$server/$repository/.github/workflows/release.yml@refs/tags/v$version"
issuer="https://token.actions.githubusercontent.com"

cat <<EOF
## Portway $version

\`\`\`
docker pull $image:$version
docker pull $ref
\`\`\`

Platforms: \`linux/amd64\`, \`linux/arm64\`. Pull by digest to get exactly what was verified below.

### Verify the image

Signed with the project key (\`cosign.pub\`, attached to this release and committed at the root of
the repository) and keyless with this release workflow's GitHub identity; the CycloneDX SBOM and
the SLSA build provenance are attested. \`--new-bundle-format=false\` makes cosign v3 read these
signatures (see docs/releasing.md); cosign v2.5 and later take the commands as written, older v2
releases without that flag.

Project key (these are not in the transparency log, hence \`--insecure-ignore-tlog\`):

\`\`\`
cosign verify --key cosign.pub --insecure-ignore-tlog=true --new-bundle-format=false \\
  $ref
cosign verify-attestation --key cosign.pub --insecure-ignore-tlog=true --new-bundle-format=false \\
  --type cyclonedx $ref
\`\`\`

Keyless (Sigstore, recorded in Rekor):

\`\`\`
cosign verify --new-bundle-format=false \\
  --certificate-identity $identity \\
  --certificate-oidc-issuer $issuer \\
  $ref
\`\`\`

SBOM attestation (CycloneDX):

\`\`\`
cosign verify-attestation --new-bundle-format=false --type cyclonedx \\
  --certificate-identity $identity \\
  --certificate-oidc-issuer $issuer \\
  $ref
\`\`\`

Build provenance (SLSA v1.0, Build Level 2):

\`\`\`
gh attestation verify oci://$ref --owner $owner
\`\`\`

### Files

- \`portway-$version-bom.cdx.json\`, \`portway-$version-bom.cdx.xml\`: the CycloneDX SBOM of the build
- \`cosign.pub\`: the project's public key
- \`sha256sums.txt\`: checksums of the files above; check with \`sha256sum -c sha256sums.txt\`
EOF
