#!/usr/bin/env bash
# health-check.sh — check GET /health of the server, or of every role in split mode (wraps 'quantapilot health').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/health-check.sh [--split [HOST]] [URL...] [-- quantapilot health options]

Checks GET /health of each URL (default: $QP_URL, else http://localhost:3000).
  --split [HOST]  check every role port of a split deployment on HOST (default localhost):
                  api 3000, agents 3001, forge 3002, notifications 3003, dashboard 3004
  -h, --help      show this help

Exit codes: 0 every URL healthy (or degraded), 1 any unhealthy or unreachable, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "health-check.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

urls=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --split)
      host=localhost
      if [ $# -gt 1 ] && [[ "$2" != -* ]] && [[ "$2" != http* ]]; then host="$2"; shift; fi
      for port in 3000 3001 3002 3003 3004; do urls+=("http://$host:$port"); done ;;
    --) shift; extra+=("$@"); break ;;
    http://*|https://*) urls+=("$1") ;;
    *) echo "health-check.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
args=(health)
for url in ${urls[@]+"${urls[@]}"}; do args+=(--url "$url"); done
exec "$qp" "${args[@]}" ${extra[@]+"${extra[@]}"}
