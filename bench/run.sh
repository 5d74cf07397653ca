#!/usr/bin/env bash
# run.sh - Satchel against its peers in one run on this machine (see bench/README.md):
#   1. cold transforms through HTTP vs sharp in one Node process (../shared/bench/thumbs.sh)
#   2. a cached variant served vs nginx serving a file of about the same size (delivery.sh)
# env: ROUNDS=3, SHARED_BENCH (default ../shared/bench), BENCH_WORK (scratch, default $TMPDIR/satchel-bench),
#      SATCHEL_BENCH_PORT=18480, SATCHEL_BENCH_LIBVIPS=system|sharp (sharp: load the libvips 8.18 that
#      sharp itself uses, from the bench's node_modules, so both sides run the same library).
#      Targets are loopback only; everything it starts is stopped on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED_BENCH:-$here/../shared/bench}
work=${BENCH_WORK:-${TMPDIR:-/tmp}/satchel-bench}
port=${SATCHEL_BENCH_PORT:-18480}
pub=bench_public_key
export ROUNDS=${ROUNDS:-3}

pkgs=()
command -v wrk >/dev/null || pkgs+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || pkgs+=(nginx-light)
command -v vips >/dev/null || pkgs+=(libvips-tools)
{ command -v magick || { convert -version 2>/dev/null | grep -q ImageMagick && echo convert; }; } >/dev/null || pkgs+=(imagemagick)
[ -x /usr/bin/time ] || pkgs+=(time)
command -v node >/dev/null || pkgs+=(nodejs npm)
if [ ${#pkgs[@]} -gt 0 ]; then
  apt-get update -qq || { sleep 5; apt-get update -qq; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi

rm -rf "$work"
mkdir -p "$work"
cp -r "$shared" "$work/bench"
chmod -R u+w "$work/bench"
(cd "$work/bench/node" && npm ci --silent --no-audit --no-fund)
(cd "$work/bench" && ./make-images.sh > "$work/make-images.log")

[ -f "$here/server/target/satchel.jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
if [ "${SATCHEL_BENCH_LIBVIPS:-system}" = sharp ]; then
  export SATCHEL_LIBVIPS_PATH=$(ls "$work"/bench/node/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.* | head -n 1)
fi
echo "Satchel's libvips: ${SATCHEL_LIBVIPS_PATH:-the system libvips.so.42}"
SATCHEL_PORT=$port SATCHEL_DATA_DIR="$work/satchel-data" SATCHEL_BOOTSTRAP_PROJECT="bench:$pub:bench_secret_key" \
  "$here/bin/satchel" > "$work/satchel.log" 2>&1 &
satchel=$!
cleanup() {
  kill "$satchel" 2>/dev/null || true
  (cd "$work/bench" && ./nginx-bench.sh stop > /dev/null 2>&1) || true
}
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 0.2; done
base_satchel="http://127.0.0.1:$port"

echo "## 1. cold transforms: 12 MP JPEG -> 400 px JPEG q80, sharp vs Satchel over HTTP"
(cd "$work/bench" && SATCHEL_URL=$base_satchel SATCHEL_PUB=$pub LATENCY=0 VARIANTS="sharp satchel" EXTRA_NAME=satchel \
  EXTRA_CMD="$here/bench/satchel-thumbs.sh {IN} {N} {PAR} {FMT} {OUTDIR} {W} {Q}" ./thumbs.sh 12mp-jpeg)

echo "## 2. a cached variant vs nginx serving a file"
uuid=$(curl -sS -F "UPLOADCARE_PUB_KEY=$pub" -F UPLOADCARE_STORE=1 -F "file=@$work/bench/images/photo-12mp.jpg" \
  "$base_satchel/base/" | sed -E 's/.*"file":"([0-9a-f-]{36})".*/\1/')
sleep 1
variant="$base_satchel/$uuid/-/resize/560x/-/format/jpeg/"
curl -sS -o "$work/variant.jpg" "$variant"
echo "variant: $(stat -c %s "$work/variant.jpg") bytes; nginx file: $(stat -c %s "$work/bench/images/static-30k.jpg") bytes"
base_nginx=$(cd "$work/bench" && ./nginx-bench.sh start)
(cd "$work/bench" && ./delivery.sh "nginx-30k=$base_nginx/static-30k.jpg" "satchel-cached=$variant")
echo "peak RSS of Satchel (kB): $(grep VmHWM /proc/$satchel/status | awk '{print $2}')"
