#!/usr/bin/env bash
# run.sh - clients nobody on this project wrote, run against a local Satchel: @uploadcare/upload-client
# (direct, multipart, from URL, groups) and tus-js-client (plain and parallel uploads). Not part of
# `./mvnw test` (it needs Node and the npm registry); run it before a release or after touching uploads.
# env: CONFORMANCE_WORK (scratch, default $TMPDIR/satchel-conformance), SATCHEL_CONFORMANCE_PORT=18470
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${CONFORMANCE_WORK:-${TMPDIR:-/tmp}/satchel-conformance}
port=${SATCHEL_CONFORMANCE_PORT:-18470}
pub=conformance_public_key
command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
rm -rf "$work" && mkdir -p "$work"
cp "$here/conformance/package.json" "$here"/conformance/*.mjs "$work/"
(cd "$work" && npm install --silent --no-audit --no-fund)
[ -f "$here/server/target/satchel.jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
SATCHEL_PORT=$port SATCHEL_DATA_DIR="$work/data" SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS=true \
  SATCHEL_BOOTSTRAP_PROJECT="conformance:$pub:conformance_secret_key" "$here/bin/satchel" > "$work/satchel.log" 2>&1 &
satchel=$!
trap 'kill "$satchel" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
(cd "$work" && node upload-client.mjs "$base" "$pub" && node tus-js-client.mjs "$base" "$pub")
echo "all client checks passed"
