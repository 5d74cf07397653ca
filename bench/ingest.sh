#!/usr/bin/env bash
# ingest.sh - how fast a 1 GiB upload goes into Satchel through /base/, multipart and tus, against nginx
# taking the same bytes with a WebDAV PUT (../shared/bench/ingest.sh's peer), in one run:
#   1. ../shared/bench/ingest.sh itself: nginx PUT vs one Satchel multipart part URL holding the
#      whole file (part_size = size), same harness, same curl;
#   2. rounds alternating nginx PUT, Satchel /base/ (one multipart/form-data POST of the whole file),
#      Satchel multipart as the JS client does it (5 MiB parts, 4 in flight, start + parts + complete),
#      and Satchel tus (creation + one PATCH of the whole file),
#      each timed end to end; MB/s and the ratio to nginx in the same round.
#   Satchel's JVM heap is sampled from /metrics during the runs (peak reported: it must stay flat).
# env: RUNS=3 SIZE_MIB=1024 PARALLEL=4 PART_MIB=5, SHARED_BENCH (default ../shared/bench),
#      BENCH_WORK (scratch, default $TMPDIR/satchel-ingest), SATCHEL_BENCH_PORT=18490.
#      Loopback only; everything it starts is stopped on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED_BENCH:-$here/../shared/bench}
work=${BENCH_WORK:-${TMPDIR:-/tmp}/satchel-ingest}
port=${SATCHEL_BENCH_PORT:-18490}
RUNS=${RUNS:-3} SIZE_MIB=${SIZE_MIB:-1024} PARALLEL=${PARALLEL:-4} PART_MIB=${PART_MIB:-5}
pub=bench_public_key
bytes=$((SIZE_MIB * 1048576))
part=$((PART_MIB * 1048576))

pkgs=()
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || pkgs+=(nginx-light)
command -v curl >/dev/null || pkgs+=(curl)
command -v python3 >/dev/null || pkgs+=(python3)
if [ ${#pkgs[@]} -gt 0 ]; then
  apt-get update -qq || { sleep 5; apt-get update -qq; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi

rm -rf "$work"
mkdir -p "$work/parts"
cp -r "$shared" "$work/bench"
chmod -R u+w "$work/bench"
(cd "$work/bench" && ./make-images.sh > "$work/make-images.log" 2>&1) || true
body=${BODY:-${TMPDIR:-/tmp}/bench-ingest-${SIZE_MIB}m.bin}
if [ ! -f "$body" ] || [ "$(stat -c %s "$body")" != "$bytes" ]; then head -c "$bytes" /dev/urandom > "$body"; fi
cat "$body" > /dev/null
(cd "$work/parts" && split -b "$part" -d -a 5 "$body" p.)   # the client's chunks, read from the page cache

[ -f "$here/server/target/satchel.jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
SATCHEL_PORT=$port SATCHEL_DATA_DIR="$work/satchel-data" SATCHEL_BOOTSTRAP_PROJECT="bench:$pub:bench_secret_key" \
  SATCHEL_MAX_UPLOAD_BYTES=$((bytes * 2)) SATCHEL_MAX_DIRECT_UPLOAD_BYTES=$((bytes * 2)) "$here/bin/satchel" > "$work/satchel.log" 2>&1 &
satchel=$!
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  kill "$satchel" 2>/dev/null || true
  (cd "$work/bench" && ./nginx-bench.sh stop > /dev/null 2>&1) || true
}
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 0.2; done
S="http://127.0.0.1:$port"
N=$(cd "$work/bench" && ./nginx-bench.sh start)

# shellcheck source=lib.sh
. "$here/bench/lib.sh"
start_multipart() {  # part_size -> "uuid url1 url2 ..."
  curl -sS --max-time 30 -d "UPLOADCARE_PUB_KEY=$pub&filename=ingest.bin&size=$bytes&part_size=$1&content_type=application/octet-stream" \
    "$S/multipart/start/" | json '" ".join([d["uuid"]] + [u.replace("localhost", "127.0.0.1") for u in d["parts"]])'
}
# heap sampler: peak of jvm_memory_used_bytes{area="heap"} summed over pools, every 0.5 s
( peak=0; while sleep 0.5; do
    h=$(curl -s --max-time 2 "$S/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%d", s}')
    [ "${h:-0}" -gt "$peak" ] && { peak=$h; echo "$peak" > "$work/heap-peak"; }
  done ) &
sampler=$!
sleep 1
heap_before=$(cat "$work/heap-peak" 2>/dev/null || echo 0)

echo "## 1. ../shared/bench/ingest.sh: nginx PUT vs one Satchel part URL taking the whole file"
read -r _ whole <<<"$(start_multipart "$bytes")"
(cd "$work/bench" && RUNS=$RUNS SIZE_MIB=$SIZE_MIB BODY="$body" DD=0 ./ingest.sh "nginx-put=$N/upload/" "satchel-part=$whole") \
  | grep -E '^(run|\||dd|load|#)'

echo
echo "## 2. whole uploads end to end: nginx PUT, Satchel /base/ (one POST), Satchel multipart (${PART_MIB} MiB parts, $PARALLEL in flight), Satchel tus (one PATCH)"
rows=$work/rounds.tsv
: > "$rows"
for i in $(seq 1 "$RUNS"); do
  sync; t0=$(secs)
  code=$(curl -sS -o /dev/null -H 'Expect:' -T "$body" --max-time 300 -w '%{http_code}' "$N/upload/round-$i.bin")
  t1=$(secs); curl -sS -o /dev/null -X DELETE "$N/upload/round-$i.bin" || true
  nginx=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')
  [ "${code:0:1}" = 2 ] || nginx=nan

  sync; t0=$(secs)
  base_json=$(curl -sS -H 'Expect:' --max-time 300 -F "UPLOADCARE_PUB_KEY=$pub" -F UPLOADCARE_STORE=1 \
        -F "file=@$body;type=application/octet-stream" "$S/base/")
  t1=$(secs)
  [ -n "$(json 'd["file"]' <<<"$base_json")" ] || { echo "/base/ round $i failed: $base_json" >&2; exit 1; }
  base=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')

  sync; t0=$(secs)
  read -r uuid urls <<<"$(start_multipart "$part")"
  # PARALLEL connections, each a keep-alive curl sending every PARALLEL-th part (as a browser client does)
  # shellcheck disable=SC2086 # the URLs are words
  send_parts "$PARALLEL" "$work/parts" $urls
  done_json=$(curl -sS --max-time 120 -d "UPLOADCARE_PUB_KEY=$pub&uuid=$uuid" "$S/multipart/complete/")
  t1=$(secs)
  [ "$(json 'd["size"]' <<<"$done_json")" = "$bytes" ] || { echo "multipart round $i failed: $done_json" >&2; exit 1; }
  multipart=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')

  sync; t0=$(secs)
  loc=$(curl -sS -D - -o /dev/null --max-time 30 -X POST -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $bytes" \
        -H "Upload-Metadata: pub_key $(printf %s "$pub" | base64 -w0),filename $(printf ingest.bin | base64 -w0)" "$S/tus/" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "location" {print $2}')
  loc=${loc/localhost/127.0.0.1}
  offset=$(curl -sS -D - -o /dev/null -H 'Expect:' --max-time 300 -X PATCH -T "$body" -H 'Tus-Resumable: 1.0.0' \
        -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' "$loc" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "upload-offset" {print $2}')
  t1=$(secs)
  [ "$offset" = "$bytes" ] || { echo "tus round $i failed (offset '$offset' at $loc)" >&2; exit 1; }
  tus=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')

  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$(mbs "$nginx")" "$(mbs "$multipart")" "$(mbs "$tus")" "$(mbs "$base")" | tee -a "$rows" \
    | awk -F'\t' '{printf "round %s: nginx PUT %s MB/s, /base/ %s MB/s (x%.2f), multipart %s MB/s (x%.2f), tus %s MB/s (x%.2f)\n", $1, $2, $5, $5/$2, $3, $3/$2, $4, $4/$2}'
done
awk -F'\t' "$med"'
  { n++; g[n] = $2; m[n] = $3; t[n] = $4; b[n] = $5; rm[n] = $3 / $2; rt[n] = $4 / $2; rb[n] = $5 / $2 }
  END { printf "\n| path | MB/s median | x nginx, paired median |\n|---|---:|---:|\n"
        printf "| nginx PUT | %.0f | 1.00 |\n", med(g, n)
        printf "| Satchel /base/ (one POST) | %.0f | %.2f |\n", med(b, n), med(rb, n)
        printf "| Satchel multipart (%s parts in flight) | %.0f | %.2f |\n", "'"$PARALLEL"'", med(m, n), med(rm, n)
        printf "| Satchel tus (one PATCH) | %.0f | %.2f |\n", med(t, n), med(rt, n) }' "$rows"
sleep 1
echo
echo "Satchel heap: $((heap_before / 1048576)) MiB before, peak $(( $(cat "$work/heap-peak") / 1048576 )) MiB during the runs;" \
  "peak RSS $(grep VmHWM /proc/$satchel/status | awk '{printf "%d MiB", $2 / 1024}')"
