#!/usr/bin/env bash
# smoke-test.sh — smoke-test a running system end to end (wraps 'quantapilot smoke').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/smoke-test.sh [--url URL] [--api-key KEY] [--timeout DURATION]

Checks /health, creates a small project with the offline provider, waits for its plan decision,
cancels and archives it, and checks /metrics. Server and key: --url/--api-key or QP_URL/QP_API_KEY
(an operator or admin key).

Exit codes: 0 every check passed, 1 any check failed, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "smoke-test.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
exec "$qp" smoke "$@"
