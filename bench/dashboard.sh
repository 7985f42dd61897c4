#!/usr/bin/env bash
# Times the dashboard's pages with many projects in the database (the issue's bar: every page answers in
# under 200 ms server-side with 1,000 projects). Not a test: run it by hand and read the table.
#
#   bench/dashboard.sh [projects=1000] [completed=3]
#
# 1. A fresh data directory; a server with every role builds `completed` projects from the example README to
#    the end, so the pages have stages, logs, decisions and costs to show.
# 2. The same data directory, restarted with only the api and dashboard roles, takes the remaining projects;
#    they stay "initializing" (no engine, no workers), which is enough for lists, counts and search.
#    A process with only some roles needs an external PostgreSQL, so both phases use one:
#    QP_BENCH_DATABASE_URL (+ QP_BENCH_DATABASE_USER, QP_BENCH_DATABASE_PASSWORD; an empty database), or
#    a throwaway cluster started here with the OS's initdb and pg_ctl (apt-get install postgresql).
# 3. Signs in as admin (the first start prints the password) and times each page several times with curl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
total="${1:-1000}"
completed="${2:-3}"
port="${QP_BENCH_PORT:-3917}"
rounds="${QP_BENCH_ROUNDS:-7}"
key="qp_dashboard_benchmark_key_0123456789abcdef"
data="$(mktemp -d /tmp/qp-bench-XXXXXX)"
base="http://localhost:$port"
jar="$here/target/quantapilot.jar"
server_pid=""
pg_dir=""
as_postgres=()
db_url="${QP_BENCH_DATABASE_URL:-}"
db_user="${QP_BENCH_DATABASE_USER:-postgres}"
db_password="${QP_BENCH_DATABASE_PASSWORD:-}"

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_dir" ]; then
    "${as_postgres[@]}" pg_ctl -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  rm -rf "$data"
}
trap cleanup EXIT

if [ -z "$db_url" ]; then
  if ! command -v initdb >/dev/null || ! command -v pg_ctl >/dev/null; then
    echo "set QP_BENCH_DATABASE_URL to an empty PostgreSQL database, or install initdb and pg_ctl" >&2
    exit 2
  fi
  pg_dir="$(mktemp -d /tmp/qp-bench-pg-XXXXXX)"
  pg_port="$((port + 1))"
  # PostgreSQL refuses to run as root.
  if [ "$(id -u)" = 0 ]; then
    as_postgres=(runuser -u postgres --)
    chown postgres "$pg_dir"
  fi
  "${as_postgres[@]}" initdb -D "$pg_dir/data" -U postgres -A trust >/dev/null
  "${as_postgres[@]}" pg_ctl -D "$pg_dir/data" -o "-p $pg_port -k $pg_dir" -l "$pg_dir/postgres.log" -w start >/dev/null
  db_url="jdbc:postgresql://localhost:$pg_port/postgres"
fi

(cd "$here" && ./mvnw -q -B -DskipTests package)

start() {
  # The API's rate limit (600 requests a minute per key) would refuse the bulk creation below.
  QP_ADMIN_API_KEY="$key" QUANTAPILOT_IDENTITY_RATELIMITPERMINUTE=1000000 \
    QP_DATABASE_URL="$db_url" QP_DATABASE_USER="$db_user" QP_DATABASE_PASSWORD="$db_password" QP_PUBLIC_URL="$base" \
    java -jar "$jar" server --port "$port" --data-dir "$data/data" "$@" >>"$data/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -fs "$base/health" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  echo "the server did not start:" >&2
  tail -40 "$data/server.log" >&2
  exit 1
}

stop() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

api() { curl -fs -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }

readme_json() { python3 -c 'import json,sys; print(json.dumps({"readme": open(sys.argv[1]).read(), "name": sys.argv[2]}))' "$@"; }

echo "== 1. $completed completed project(s) with every role"
start
ids=()
for i in $(seq 1 "$completed"); do
  ids+=("$(readme_json "$here/examples/notes-cli-python/README.md" "notes-$i" | api -X POST "$base/api/v1/projects" -d @- \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["project_id"])')")
done
for id in "${ids[@]}"; do
  decision=""
  for _ in $(seq 1 300); do
    decision="$(api "$base/api/v1/hitl/decisions?status=pending&project_id=$id" \
      | python3 -c 'import json,sys; d=json.load(sys.stdin)["decisions"]; print(d[0]["decision_id"] if d else "")')"
    [ -n "$decision" ] && break
    sleep 1
  done
  api -X POST "$base/api/v1/hitl/decisions/$decision" -d '{"decision": "approve"}' >/dev/null
done
for id in "${ids[@]}"; do
  for _ in $(seq 1 600); do
    status="$(api "$base/api/v1/projects/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
    [ "$status" = completed ] && break
    sleep 1
  done
  echo "  $id $status"
done
stop

echo "== 2. $((total - completed)) more project(s), api and dashboard roles only"
start --roles api,dashboard
seq 1 $((total - completed)) | xargs -P 8 -I{} sh -c \
  "curl -fs -o /dev/null -H 'Authorization: Bearer $key' -H 'Content-Type: application/json' \
     -X POST '$base/api/v1/projects' -d '{\"name\": \"bench-{}\", \"readme\": \"# Bench {}\\n\\nA small Python tool.\\n\"}'"
api "$base/api/v1/projects?limit=1" | python3 -c 'import json,sys; print("  projects in the database:", json.load(sys.stdin)["pagination"]["total"])'

echo "== 3. signing in and timing pages ($rounds rounds each, server-side time ~ time to first byte)"
password="$(grep -m1 'password:' "$data/server.log" | awk '{print $2}')"
jar_cookies="$data/cookies"
form="$(curl -fs -c "$jar_cookies" "$base/signin")"
csrf="$(printf '%s' "$form" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)"
curl -fs -o /dev/null -b "$jar_cookies" -c "$jar_cookies" --data-urlencode "username=admin" \
  --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$base/signin"
project="${ids[0]}"
decision="$(api "$base/api/v1/hitl/decisions?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["decisions"][0]["decision_id"])')"
printf '%-44s %8s %8s %8s\n' page "min ms" "median" "max ms"
for page in / /projects "/projects?q=bench-99" "/projects?status=initializing&page=20" "/projects/$project" \
  "/projects/$project/state" /decisions "/decisions/$decision" "/costs?days=30" /system /settings; do
  times=()
  for _ in $(seq 1 "$rounds"); do
    read -r code seconds < <(curl -s -o /dev/null -b "$jar_cookies" -H 'Accept: text/html' \
      -w '%{http_code} %{time_starttransfer}\n' "$base$page")
    if [ "$code" != 200 ]; then
      echo "$page answered $code (not signed in?)" >&2
      exit 1
    fi
    times+=("$seconds")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v page="$page" '
    { t[NR] = $1 * 1000 }
    END { printf "%-44s %8.0f %8.0f %8.0f\n", substr(page, 1, 44), t[1], t[int((NR + 1) / 2)], t[NR] }'
done
