#!/usr/bin/env bash
# s3.sh - Satchel on an S3-compatible store (s3proxy, filesystem backend), in one run:
#   1. a 1 GiB upload three ways, alternating round by round: a plain signed PUT straight to the S3
#      server (the peer), Satchel multipart with presigned part URLs (parts go straight to the bucket,
#      SATCHEL_S3_PART_URLS=bucket), and Satchel multipart through its own part URLs (parts pass the node
#      on their way to the bucket); each timed end to end (start + parts + complete), MB/s and the ratio to
#      the plain PUT in the same round;
#   2. cold transforms (12 MP JPEG -> 400 px JPEG, every URL new) on Satchel over S3 against Satchel on
#      its local disk, alternating; images/s and the ratio to local in the same round.
# env: RUNS=3 SIZE_MIB=1024 PARALLEL=4 PART_MIB=8 TRANSFORMS=40, ONLY=upload|transforms (one part),
#      BENCH_WORK (scratch, default
#      $TMPDIR/satchel-s3), ports from 18590. Loopback only; everything it starts is stopped on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED_BENCH:-$here/../shared/bench}
work=${BENCH_WORK:-${TMPDIR:-/tmp}/satchel-s3}
RUNS=${RUNS:-3} SIZE_MIB=${SIZE_MIB:-1024} PARALLEL=${PARALLEL:-4} PART_MIB=${PART_MIB:-8} TRANSFORMS=${TRANSFORMS:-40}
base_port=${SATCHEL_BENCH_PORT:-18590}
s3_port=$base_port proxied_port=$((base_port + 1)) presigned_port=$((base_port + 2)) local_port=$((base_port + 3))
pub=bench_public_key access=bench-access secret=bench-secret-key bucket=bench
bytes=$((SIZE_MIB * 1048576))
part=$((PART_MIB * 1048576))

pkgs=()
command -v vips >/dev/null || pkgs+=(libvips-tools)
{ command -v magick || { convert -version 2>/dev/null | grep -q ImageMagick && echo convert; }; } >/dev/null || pkgs+=(imagemagick)
command -v curl >/dev/null || pkgs+=(curl)
command -v python3 >/dev/null || pkgs+=(python3)
if [ ${#pkgs[@]} -gt 0 ]; then
  apt-get update -qq || { sleep 5; apt-get update -qq; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi
ONLY=${ONLY:-}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

rm -rf "$work"
mkdir -p "$work/s3/$bucket" "$work/parts"
java=${JAVA_HOME:-}/bin/java
[ -x "$java" ] || java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -f "$here/server/target/satchel.jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
jar=$here/server/target/s3proxy/s3proxy.jar
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -q -pl server generate-test-resources)

cat > "$work/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$access
s3proxy.credential=$secret
s3proxy.cors-allow-all=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
EOF
"$java" -Xmx512m -jar "$jar" --properties "$work/s3proxy.conf" > "$work/s3proxy.log" 2>&1 &
pids+=($!)
s3proxy_pid=$!
S3=http://127.0.0.1:$s3_port

start_satchel() {  # name port storage part-urls
  local env=(SATCHEL_PORT="$2" SATCHEL_DATA_DIR="$work/$1-data" SATCHEL_BOOTSTRAP_PROJECT="bench:$pub:bench_secret_key"
             SATCHEL_MAX_UPLOAD_BYTES=$((bytes * 2)) SATCHEL_STORAGE="$3")
  [ "$3" = s3 ] && env+=(SATCHEL_S3_ENDPOINT="$S3" SATCHEL_S3_BUCKET="$bucket" SATCHEL_S3_ACCESS_KEY="$access"
                         SATCHEL_S3_SECRET_KEY="$secret" SATCHEL_S3_PART_URLS="$4")
  env "${env[@]}" "$here/bin/satchel" > "$work/$1.log" 2>&1 &
  pids+=($!)
  echo $! > "$work/$1.pid"
}
cpu() {  # pid -> CPU seconds used so far (user + system)
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}
start_satchel proxied "$proxied_port" s3 satchel
start_satchel presigned "$presigned_port" s3 bucket
start_satchel local "$local_port" file satchel
for p in "$proxied_port" "$presigned_port" "$local_port"; do
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$p/health/ready" > /dev/null && break; sleep 0.3; done
  curl -sf "http://127.0.0.1:$p/health/ready" > /dev/null || { echo "Satchel on port $p did not start" >&2; exit 1; }
done

body=${BODY:-${TMPDIR:-/tmp}/bench-ingest-${SIZE_MIB}m.bin}
if [ "$ONLY" != transforms ]; then
  if [ ! -f "$body" ] || [ "$(stat -c %s "$body")" != "$bytes" ]; then head -c "$bytes" /dev/urandom > "$body"; fi
  cat "$body" > /dev/null
  (cd "$work/parts" && split -b "$part" -d -a 5 "$body" p.)
fi

# shellcheck source=lib.sh
. "$here/bench/lib.sh"

multipart() {  # port -> seconds for start + parts (PARALLEL keep-alive connections) + complete
  local S=http://127.0.0.1:$1 t0 t1 uuid urls done_json
  t0=$(secs)
  read -r uuid urls <<<"$(curl -sS --max-time 30 -d "UPLOADCARE_PUB_KEY=$pub&filename=s3.bin&size=$bytes&part_size=$part&content_type=application/octet-stream" \
    "$S/multipart/start/" | json '" ".join([d["uuid"]] + [u.replace("localhost", "127.0.0.1") for u in d["parts"]])')"
  # shellcheck disable=SC2086 # the URLs are words
  send_parts "$PARALLEL" "$work/parts" $urls
  done_json=$(curl -sS --max-time 600 -d "UPLOADCARE_PUB_KEY=$pub&uuid=$uuid" "$S/multipart/complete/")
  t1=$(secs)
  [ "$(json 'd["size"]' <<<"$done_json")" = "$bytes" ] || { echo "multipart on port $1 failed: $done_json" >&2; exit 1; }
  awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}'
}

if [ "$ONLY" != transforms ]; then
echo "## 1. ${SIZE_MIB} MiB: plain PUT to the S3 server, Satchel presigned parts, Satchel's own part URLs (${PART_MIB} MiB parts, $PARALLEL in flight)"
rows=$work/upload.tsv
: > "$rows"
for i in $(seq 1 "$RUNS"); do
  sync; t0=$(secs)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Expect:' -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \
         --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access:$secret" -T "$body" --max-time 600 "$S3/$bucket/plain-$i.bin")
  t1=$(secs)
  [ "${code:0:1}" = 2 ] || { echo "plain PUT failed: $code" >&2; exit 1; }
  plain=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')
  sync; presigned=$(multipart "$presigned_port")
  sync; proxied=$(multipart "$proxied_port")
  printf '%s\t%s\t%s\t%s\n' "$i" "$(mbs "$plain")" "$(mbs "$presigned")" "$(mbs "$proxied")" | tee -a "$rows" \
    | awk -F'\t' '{printf "round %s: plain PUT %s MB/s, presigned parts %s MB/s (x%.2f), through Satchel %s MB/s (x%.2f)\n", $1, $2, $3, $3/$2, $4, $4/$2}'
  rm -f "$work/s3/$bucket/plain-$i.bin"
done
awk -F'\t' "$med"'
  { n++; g[n] = $2; p[n] = $3; s[n] = $4; rp[n] = $3 / $2; rs[n] = $4 / $2 }
  END { printf "\n| path | MB/s median | x plain PUT, paired median |\n|---|---:|---:|\n"
        printf "| plain PUT to the S3 server | %.0f | 1.00 |\n", med(g, n)
        printf "| Satchel multipart, presigned parts | %.0f | %.2f |\n", med(p, n), med(rp, n)
        printf "| Satchel multipart, parts through Satchel | %.0f | %.2f |\n", med(s, n), med(rs, n) }' "$rows"
fi
[ "$ONLY" = upload ] && exit 0

echo
echo "## 2. cold transforms, 12 MP JPEG -> 400 px JPEG: Satchel on S3 vs Satchel on local disk ($TRANSFORMS each per round)"
mkdir -p "$work/bench"
cp -r "$shared/." "$work/bench/"
chmod -R u+w "$work/bench"
(cd "$work/bench" && ./make-images.sh > "$work/make-images.log" 2>&1) || true
photo=$work/bench/images/photo-12mp.jpg
[ -f "$photo" ] || { echo "make-images.sh made no photo-12mp.jpg (see $work/make-images.log)" >&2; exit 1; }
upload() {  # port -> uuid, once ready
  local uuid
  uuid=$(curl -sS -F "UPLOADCARE_PUB_KEY=$pub" -F UPLOADCARE_STORE=1 -F "file=@$photo" "http://127.0.0.1:$1/base/" | json 'd["file"]')
  for _ in $(seq 1 100); do
    curl -sS "http://127.0.0.1:$1/info/?pub_key=$pub&file_id=$uuid" | grep -q '"is_ready": *true' && break; sleep 0.1
  done
  echo "$uuid"
}
s3_uuid=$(upload "$proxied_port")
local_uuid=$(upload "$local_port")
trows=$work/transforms.tsv
: > "$trows"
transforms() {  # port uuid round -> seconds for TRANSFORMS cold renders, 2 in flight
  local t0 t1
  # every URL new: the width walks 380, 381, … (a different range each round)
  seq 1 "$TRANSFORMS" | awk -v b="http://127.0.0.1:$1/$2" -v r="$3" -v n="$TRANSFORMS" \
    '{printf "%s/-/resize/%dx/-/quality/normal/-/format/jpeg/\n", b, 380 + r * n + $1}' > "$work/urls"
  t0=$(secs)
  xargs -P 2 -n 1 curl -sS -f -o /dev/null < "$work/urls"
  t1=$(secs)
  awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}'
}
proxied_pid=$(cat "$work/proxied.pid") local_pid=$(cat "$work/local.pid")
for i in $(seq 1 "$RUNS"); do
  c0=$(cpu "$proxied_pid") p0=$(cpu "$s3proxy_pid")
  s3t=$(transforms "$proxied_port" "$s3_uuid" "$i")
  c1=$(cpu "$proxied_pid") p1=$(cpu "$s3proxy_pid") l0=$(cpu "$local_pid")
  lt=$(transforms "$local_port" "$local_uuid" "$i")
  l1=$(cpu "$local_pid")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$(awk -v n="$TRANSFORMS" -v s="$lt" 'BEGIN{printf "%.1f", n / s}')" \
    "$(awk -v n="$TRANSFORMS" -v s="$s3t" 'BEGIN{printf "%.1f", n / s}')" \
    "$(awk -v n="$TRANSFORMS" -v a="$l0" -v b="$l1" 'BEGIN{printf "%.0f", (b - a) * 1000 / n}')" \
    "$(awk -v n="$TRANSFORMS" -v a="$c0" -v b="$c1" 'BEGIN{printf "%.0f", (b - a) * 1000 / n}')" \
    "$(awk -v n="$TRANSFORMS" -v a="$p0" -v b="$p1" 'BEGIN{printf "%.0f", (b - a) * 1000 / n}')" | tee -a "$trows" \
    | awk -F'\t' '{printf "round %s: local %s images/s (%s ms CPU each), S3 %s images/s (x%.2f; %s ms CPU each in Satchel, %s ms in s3proxy)\n", $1, $2, $4, $3, $3/$2, $5, $6}'
done
awk -F'\t' "$med"'
  { n++; l[n] = $2; s[n] = $3; r[n] = $3 / $2; lc[n] = $4; sc[n] = $5; pc[n] = $6 }
  END { printf "\n| store | images/s median | x local, paired median | Satchel CPU ms/image | s3proxy CPU ms/image |\n|---|---:|---:|---:|---:|\n"
        printf "| local disk | %.1f | 1.00 | %.0f | |\n", med(l, n), med(lc, n)
        printf "| S3 (s3proxy on the same 2 cores) | %.1f | %.2f | %.0f | %.0f |\n", med(s, n), med(r, n), med(sc, n), med(pc, n) }' "$trows"
