#!/usr/bin/env bash
# verify-workflows.sh — check the deployed workflow definitions and failed engine jobs (wraps 'quantapilot workflows verify').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/verify-workflows.sh [--url URL] [--api-key KEY] [--json]

Checks that the deployed process definitions are the ones the build ships and that no engine job
is dead-lettered (failed after all retries). Needs an admin key (--api-key or QP_API_KEY) and the
server URL (--url or QP_URL, default http://localhost:3000).

Exit codes: 0 all good, 1 problems found (listed) or the server unreachable, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "verify-workflows.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
exec "$qp" workflows verify "$@"
