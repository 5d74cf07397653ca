# lib.sh - helpers the upload benchmarks share; sourced, not run.

# awk function med(a, n): the median of a[1..n]
med='function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
                                     return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }'
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
secs() { python3 -c "import time; print(time.time())"; }
mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN{printf "%.1f", b / s / 1e6}'; }

# send_parts PARALLEL DIR URL...: PUTs DIR/p.00000, p.00001, … to the URLs in order over PARALLEL
# keep-alive connections, each taking every PARALLEL-th part (as a browser client does); fails if one fails.
send_parts() {
  local parallel=$1 dir=$2 w k u pids=() failed=0
  shift 2
  for w in $(seq 0 $((parallel - 1))); do
    local args=()
    k=0
    for u in "$@"; do
      [ $((k % parallel)) = "$w" ] && args+=(-T "$dir/$(printf 'p.%05d' "$k")" "$u")
      k=$((k + 1))
    done
    [ ${#args[@]} -gt 0 ] && { curl -sS -f -o /dev/null -H "Expect:" --max-time 600 "${args[@]}" & pids+=($!); }
  done
  for w in "${pids[@]}"; do wait "$w" || failed=1; done
  return "$failed"
}
