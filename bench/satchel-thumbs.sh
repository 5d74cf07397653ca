#!/usr/bin/env bash
# satchel-thumbs.sh - the EXTRA_CMD of ../shared/bench/thumbs.sh: Satchel does the thumbnail job over HTTP.
#
# usage: satchel-thumbs.sh IN N PAR FMT OUTDIR W Q
# env:   SATCHEL_URL (default http://127.0.0.1:8080), SATCHEL_PUB (a public key of the server)
# Uploads IN once (a fresh file, so nothing is cached from earlier batches), then fetches N
# distinct cold transforms /<uuid>/-/resize/<W>x/-/format/<FMT>/-/quality/<Q>/-/max_icc_size/<i>/
# with PAR in flight from one curl process over kept-alive connections, as sharp is one Node
# process (max_icc_size only makes each URL's cache key distinct; it does not change the work for
# an sRGB JPEG), writing OUTDIR/<i>.<FMT>. Fails if any answer is not 200.
set -euo pipefail
[ $# -eq 7 ] || { sed -n '2,10p' "$0"; exit 2; }
in=$1 n=$2 par=$3 fmt=$4 out=$5 w=$6 q=$7
url=${SATCHEL_URL:-http://127.0.0.1:8080}
pub=${SATCHEL_PUB:?set SATCHEL_PUB to a public key of the server}
case $q in 80) quality=normal ;; 95) quality=best ;; 88) quality=better ;; 65) quality=lighter ;; 50) quality=lightest ;; *) quality=normal ;; esac
mkdir -p "$out"
uuid=$(curl -sS -F "UPLOADCARE_PUB_KEY=$pub" -F UPLOADCARE_STORE=1 -F "file=@$in" "$url/base/" \
  | sed -E 's/.*"file":"([0-9a-f-]{36})".*/\1/')
[ ${#uuid} -eq 36 ] || { echo "upload failed: $uuid" >&2; exit 1; }
for _ in $(seq 1 200); do  # PROCESS records the image header; at most 10 s
  curl -sS "$url/info/?pub_key=$pub&file_id=$uuid" | grep -q '"is_ready":true' && break
  sleep 0.05
done
config=$(mktemp)
trap 'rm -f "$config"' EXIT
for i in $(seq 1 "$n"); do
  printf 'url = "%s"\noutput = "%s"\n' "$url/$uuid/-/resize/${w}x/-/format/$fmt/-/quality/$quality/-/max_icc_size/$i/" "$out/$i.$fmt"
done > "$config"
curl -sS --no-progress-meter --fail --parallel --parallel-max "$par" -K "$config"
