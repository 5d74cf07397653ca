#!/usr/bin/env bash
# The cluster of compose.yaml as plain processes on this machine, for people without a container
# engine and for benchmarks: PostgreSQL, s3proxy (an S3 server on the local disk), three Satchel
# nodes and nginx in front, all on 127.0.0.1.
#
#   deploy/local-cluster.sh start|stop|status
#
# Environment: CLUSTER_DIR (state folder, ./cluster-data), CLUSTER_PORT (nginx, 8080),
# SATCHEL_JAR (server/target/satchel.jar), SATCHEL_JAVA_OPTS (the nodes' JVM options),
# SATCHEL_STORAGE (s3, or file: each node then keeps files on its own disk, so only for trying the
# script), SATCHEL_S3_PART_URLS (satchel, or bucket: presigned part URLs straight to s3proxy),
# SATCHEL_ADMIN_TOKEN (random when unset). Other SATCHEL_ variables reach every node.
# Everything lives in the state folder; `stop` ends what `start` recorded there and nothing else.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${CLUSTER_DIR:-./cluster-data}
public_port=${CLUSTER_PORT:-8080}
storage=${SATCHEL_STORAGE:-s3}
jar=${SATCHEL_JAR:-$root/server/target/satchel.jar}
nodes=3
s3proxy_version=4.1.0

die() { echo "local-cluster: $*" >&2; exit 1; }
say() { echo "local-cluster: $*"; }

java_ok() { [ -x "$1" ] && "$1" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; }

find_java() {
  local j
  for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*25*/bin/java "$(command -v java || true)"; do
    if [ -n "$j" ] && java_ok "$j"; then echo "$j"; return; fi
  done
  die "no JDK 25 found: set JAVA_HOME"
}

find_pg_bin() {
  local d found=
  # The newest of Debian's versions, unless PG_BIN names one.
  for d in "$(dirname "$(command -v pg_ctl || echo .)")" /usr/lib/postgresql/*/bin "${PG_BIN:-}"; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then found=$d; fi
  done
  [ -n "$found" ] || die "no PostgreSQL found (Debian: apt-get install postgresql), or set PG_BIN"
  echo "$found"
}

find_nginx() {
  local n
  for n in "$(command -v nginx || true)" /usr/sbin/nginx; do
    if [ -n "$n" ] && [ -x "$n" ]; then echo "$n"; return; fi
  done
  die "no nginx found (Debian: apt-get install nginx-light)"
}

# PostgreSQL refuses to run as root; then its processes run as the `postgres` account.
pg_user() { if [ "$(id -u)" = 0 ]; then echo "${PG_RUN_AS:-postgres}"; fi; }
as_pg() { if [ -n "$(pg_user)" ]; then runuser -u "$(pg_user)" -- "$@"; else "$@"; fi; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets `port` to the next one from $1 on that nothing listens on and this start has not handed out.
taken=" $public_port "
free_port() {
  port=$1
  while listening "$port" || [[ $taken == *" $port "* ]]; do port=$((port + 1)); done
  taken+="$port "
}

secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Starts "$@" in a session (and so a process group) of its own; the pid is also the group's id.
launch() {
  local name=$1; shift
  setsid "$@" >>"$state/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$state/pids/$name.pid"
}

alive() { [ -f "$state/pids/$1.pid" ] && kill -0 "$(cat "$state/pids/$1.pid")" 2>/dev/null; }

# Ends the process group recorded for $1: TERM, then KILL after $2 seconds.
end_group() {
  local name=$1 grace=$2 pid i
  [ -f "$state/pids/$name.pid" ] || return 0
  pid=$(cat "$state/pids/$name.pid")
  if kill -0 "$pid" 2>/dev/null && [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ]; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    say "stopped $name"
  fi
  rm -f "$state/pids/$name.pid"
}

# Waits until $2 answers 2xx, or fails with the tail of $1's log.
await() {
  local name=$1 url=$2 i
  for ((i = 0; i < 1200; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return; fi
    if ! alive "$name"; then tail -n 30 "$state/logs/$name.log" >&2; die "$name exited"; fi
    sleep 0.1
  done
  tail -n 30 "$state/logs/$name.log" >&2
  die "$name did not get ready ($url)"
}

pg_running() {
  [ -f "$state/postgres/postmaster.pid" ] && as_pg "$(find_pg_bin)/pg_ctl" status -D "$state/postgres" >/dev/null 2>&1
}

stop_all() {
  end_group nginx 5
  local i
  for ((i = nodes; i >= 1; i--)); do end_group "satchel-$i" 15; done
  end_group s3proxy 5
  if pg_running; then
    as_pg "$(find_pg_bin)/pg_ctl" stop -D "$state/postgres" -m fast -w >/dev/null && say "stopped postgres"
  fi
}

start_postgres() {
  local bin pw_file
  bin=$(find_pg_bin)
  free_port 15432; pg_port=$port
  touch "$state/logs/postgres.log"
  if [ -n "$(pg_user)" ]; then
    as_pg test -x "$state" || die "$(pg_user) cannot reach $state; use a CLUSTER_DIR outside private folders"
    mkdir -p "$state/postgres"
    chown "$(pg_user)" "$state/postgres" "$state/logs/postgres.log"
  fi
  if [ ! -f "$state/postgres/PG_VERSION" ]; then
    pw_file="$state/.pgpass-init"
    ( umask 077; echo "$db_password" >"$pw_file" )
    [ -z "$(pg_user)" ] || chown "$(pg_user)" "$pw_file"
    as_pg "$bin/initdb" -D "$state/postgres" -U satchel --pwfile="$pw_file" --auth=scram-sha-256 \
      -E UTF8 --no-instructions >>"$state/logs/postgres.log"
    rm -f "$pw_file"
    fresh_db=1
  fi
  # TCP on 127.0.0.1 only; no Unix socket (its path would be too long in a deep state folder).
  as_pg "$bin/pg_ctl" start -D "$state/postgres" -l "$state/logs/postgres.log" -w -s \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
  if [ "${fresh_db:-0}" = 1 ]; then
    PGPASSWORD=$db_password "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U satchel satchel
  fi
  say "postgres on 127.0.0.1:$pg_port"
}

start_s3proxy() {
  local s3jar="$HOME/.m2/repository/org/gaul/s3proxy/$s3proxy_version/s3proxy-$s3proxy_version-jar-with-dependencies.jar"
  if [ ! -f "$s3jar" ]; then
    s3jar="$state/lib/s3proxy-$s3proxy_version-jar-with-dependencies.jar"
    [ -f "$s3jar" ] || (cd "$root" && JAVA_HOME=$(dirname "$(dirname "$java")") ./mvnw -q -N dependency:copy \
      "-Dartifact=org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" "-DoutputDirectory=$state/lib")
  fi
  free_port 19000; s3_port=$port
  # The filesystem backend keeps a bucket as a folder: creating the folder creates the bucket.
  mkdir -p "$state/s3/satchel"
  cat >"$state/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=satchel
s3proxy.credential=$s3_secret
s3proxy.cors-allow-all=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$state/s3
EOF
  chmod 600 "$state/s3proxy.conf"
  launch s3proxy "$java" -Xmx512m -jar "$s3jar" --properties "$state/s3proxy.conf"
  local i
  for ((i = 0; ; i++)); do
    # Any HTTP answer will do (an unsigned request gets 403): it is listening.
    [ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$s3_port/")" = 000 ] || break
    if ! alive s3proxy || ((i > 600)); then tail -n 30 "$state/logs/s3proxy.log" >&2; die "s3proxy did not start"; fi
    sleep 0.1
  done
  say "s3proxy on 127.0.0.1:$s3_port, bucket satchel ($storage storage)"
}

# The settings every node shares; a node adds its own port and data folder.
write_node_settings() {
  {
    echo "SATCHEL_HOST=127.0.0.1"
    echo "SATCHEL_PUBLIC_URL=http://127.0.0.1:$public_port"
    echo "SATCHEL_DATABASE_URL=jdbc:postgresql://127.0.0.1:$pg_port/satchel"
    echo "SATCHEL_DATABASE_USER=satchel"
    echo "SATCHEL_DATABASE_PASSWORD=$db_password"
    echo "SATCHEL_STORAGE=$storage"
    echo "SATCHEL_S3_ENDPOINT=http://127.0.0.1:$s3_port"
    echo "SATCHEL_S3_REGION=us-east-1"
    echo "SATCHEL_S3_BUCKET=satchel"
    echo "SATCHEL_S3_ACCESS_KEY=satchel"
    echo "SATCHEL_S3_SECRET_KEY=$s3_secret"
    echo "SATCHEL_S3_PATH_STYLE=true"
    echo "SATCHEL_S3_PART_URLS=${SATCHEL_S3_PART_URLS:-satchel}"
    echo "SATCHEL_ADMIN_TOKEN=$admin_token"
  } >"$state/satchel.env"
  chmod 600 "$state/satchel.env"
}

start_node() {
  local i=$1 settings java_opts
  free_port $((18080 + i))
  node_ports+=("$port")
  mkdir -p "$state/satchel-$i"
  mapfile -t settings <"$state/satchel.env"
  read -r -a java_opts <<<"${SATCHEL_JAVA_OPTS:-}"
  launch "satchel-$i" env "${settings[@]}" SATCHEL_PORT="$port" SATCHEL_DATA_DIR="$state/satchel-$i" \
    MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576 \
    "$java" "${java_opts[@]}" --enable-native-access=ALL-UNNAMED -jar "$jar" serve
}

start_nginx() {
  local bin user_line=
  bin=$(find_nginx)
  mkdir -p "$state/nginx/cache"
  # Workers of a root master would otherwise run as nobody, who cannot write the state folder.
  [ "$(id -u)" != 0 ] || user_line="user $(id -un);"
  local upstreams=() i
  for ((i = 1; i <= nodes; i++)); do
    upstreams+=(-e "s#server satchel-$i:8080 resolve;#server 127.0.0.1:${node_ports[i - 1]};#")
  done
  # From deploy/nginx.conf: names, ports and paths of this machine instead of the containers'.
  sed "${upstreams[@]}" -e "s#^user nginx;#$user_line#" \
      -e "s#/run/nginx.pid#$state/nginx/nginx.pid#" \
      -e "s#/var/log/nginx/#$state/logs/nginx-#" \
      -e "s#/var/cache/nginx/#$state/nginx/cache/#" \
      -e "/resolver 127.0.0.11/d" \
      -e "s#listen 8080;#listen 127.0.0.1:$public_port;#" \
      -e "s#^http {#http {\\n    fastcgi_temp_path $state/nginx/cache/fastcgi_temp;\\n    uwsgi_temp_path $state/nginx/cache/uwsgi_temp;\\n    scgi_temp_path $state/nginx/cache/scgi_temp;#" \
      "$root/deploy/nginx.conf" >"$state/nginx/nginx.conf"
  "$bin" -t -q -p "$state/nginx" -c "$state/nginx/nginx.conf" -e "$state/logs/nginx-error.log"
  launch nginx "$bin" -p "$state/nginx" -c "$state/nginx/nginx.conf" -e "$state/logs/nginx-error.log" -g "daemon off;"
}

# Projects created at a node's first start are printed once in its log; keep them for `status`.
projects() {
  if [ ! -s "$state/projects.json" ]; then
    # Other log lines may come between "Created project …" and its JSON line.
    grep -h '^  {"name":' "$state"/logs/satchel-*.log 2>/dev/null | sed 's/^  //' >"$state/projects.json" || true
    chmod 600 "$state/projects.json"
  fi
  if [ -s "$state/projects.json" ]; then
    echo "projects (keys):"; sed 's/^/  /' "$state/projects.json"
  else
    echo "projects: none created at start; list them with the node settings:"
    echo "  (set -a; . $state/satchel.env; $root/bin/satchel project list)"
  fi
}

cmd_start() {
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  local name
  for name in nginx s3proxy $(seq -f 'satchel-%g' 1 "$nodes"); do
    ! alive "$name" || die "already running ($name); run stop first"
  done
  ! pg_running || die "postgres is running in $state; run stop first"
  [ -f "$jar" ] || die "$jar is missing: build it with ./mvnw -B -q package -DskipTests"
  [ "$storage" = s3 ] || [ "$storage" = file ] || die "SATCHEL_STORAGE must be s3 or file"
  ! listening "$public_port" || die "port $public_port is taken; set CLUSTER_PORT"
  command -v curl >/dev/null || die "curl is needed"
  java=$(find_java)
  find_nginx >/dev/null
  find_pg_bin >/dev/null
  mkdir -p "$state/logs" "$state/pids"
  # As many open files as allowed, for nginx's 4096 connections a worker and for benchmarks.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

  # Secrets are made once per state folder (the database keeps its password).
  if [ ! -f "$state/secrets.env" ]; then
    ( umask 077
      echo "db_password=$(secret)"
      echo "s3_secret=$(secret)"
      echo "admin_token=${SATCHEL_ADMIN_TOKEN:-$(secret)}" ) >"$state/secrets.env"
  fi
  local db_password='' s3_secret='' admin_token=''
  # shellcheck source=/dev/null
  . "$state/secrets.env"
  admin_token=${SATCHEL_ADMIN_TOKEN:-$admin_token}

  trap 'echo "local-cluster: start failed; stopping what it started" >&2; stop_all' EXIT
  trap 'exit 130' INT TERM
  start_postgres
  start_s3proxy
  write_node_settings
  node_ports=()
  # The first node alone: on an empty catalog it creates the demo project (and runs the migrations).
  start_node 1
  await satchel-1 "http://127.0.0.1:${node_ports[0]}/health/ready"
  local i
  for ((i = 2; i <= nodes; i++)); do start_node "$i"; done
  for ((i = 2; i <= nodes; i++)); do await "satchel-$i" "http://127.0.0.1:${node_ports[i - 1]}/health/ready"; done
  say "satchel nodes on 127.0.0.1:${node_ports[*]}"
  start_nginx
  await nginx "http://127.0.0.1:$public_port/health/ready"
  echo "CLUSTER_PORT=$public_port PG_PORT=$pg_port S3_PORT=$s3_port NODE_PORTS='${node_ports[*]}'" >"$state/ports"
  trap - EXIT INT TERM
  echo
  echo "Satchel cluster: http://127.0.0.1:$public_port (state in $state)"
  projects
  echo "node settings, admin token included: $state/satchel.env"
}

cmd_stop() {
  [ -d "$state" ] || { say "nothing to stop in $state"; return; }
  state=$(cd "$state" && pwd)
  stop_all
}

cmd_status() {
  [ -f "$state/ports" ] || die "no cluster started in $state"
  state=$(cd "$state" && pwd)
  local CLUSTER_PORT PG_PORT S3_PORT NODE_PORTS name i=0 port
  # shellcheck source=/dev/null
  . "$state/ports"
  if pg_running; then
    echo "postgres   running  127.0.0.1:$PG_PORT"
  else
    echo "postgres   stopped"
  fi
  for name in s3proxy $(seq -f 'satchel-%g' 1 "$nodes") nginx; do
    case $name in
      s3proxy) port=$S3_PORT ;;
      nginx) port=$CLUSTER_PORT ;;
      *) read -r -a ports <<<"$NODE_PORTS"; port=${ports[i]}; i=$((i + 1)) ;;
    esac
    if alive "$name"; then
      printf '%-10s running  127.0.0.1:%s (pid %s)\n' "$name" "$port" "$(cat "$state/pids/$name.pid")"
    else
      printf '%-10s stopped\n' "$name"
    fi
  done
  if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$CLUSTER_PORT/health/ready"; then
    echo "ready: http://127.0.0.1:$CLUSTER_PORT"
    projects
  else
    echo "not ready: http://127.0.0.1:$CLUSTER_PORT"
  fi
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
