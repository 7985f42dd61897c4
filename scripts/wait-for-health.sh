#!/usr/bin/env bash
# wait-for-health.sh — wait until a service answers healthy on /health (wraps 'quantapilot health --wait').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/wait-for-health.sh [SERVICE|URL] [--timeout DURATION]

Polls GET /health until healthy or the timeout (default 2m; 90s, 5m, PT2M) passes.
SERVICE is a Compose service or role name, mapped to its port on $QP_HOST (default localhost):
  api-gateway|api 3000, cursor-service|agents 3001, github-service|forge 3002,
  notification-service|notifications 3003, dashboard 3004
Without SERVICE or URL: $QP_URL, else http://localhost:3000.

Exit codes: 0 healthy, 1 not healthy within the timeout, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "wait-for-health.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

target=""
timeout=2m
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --timeout) [ $# -gt 1 ] || { echo "wait-for-health.sh: --timeout needs a value" >&2; exit 2; }; timeout="$2"; shift ;;
    --timeout=*) timeout="${1#--timeout=}" ;;
    -*) echo "wait-for-health.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$target" ] || { echo "wait-for-health.sh: one service or URL only" >&2; exit 2; }; target="$1" ;;
  esac
  shift
done
host="${QP_HOST:-localhost}"
case "$target" in
  "") url="${QP_URL:-http://localhost:3000}" ;;
  http://*|https://*) url="$target" ;;
  api-gateway|api) url="http://$host:3000" ;;
  cursor-service|agents) url="http://$host:3001" ;;
  github-service|forge) url="http://$host:3002" ;;
  notification-service|notifications) url="http://$host:3003" ;;
  dashboard) url="http://$host:3004" ;;
  *) echo "wait-for-health.sh: unknown service: $target (see --help)" >&2; exit 2 ;;
esac
exec "$qp" health --wait --timeout "$timeout" --url "$url"
