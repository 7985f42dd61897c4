#!/usr/bin/env bash
# clear-stuck-executions.sh — list stuck executions and move them back to be retried (wraps 'quantapilot workflows clear-stuck').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/clear-stuck-executions.sh [--older-than DURATION] [--dry-run] [--yes] [--url URL] [--api-key KEY]

Lists engine jobs that exhausted their retries (dead letters) and work items running for more than
--older-than (default 1h: a hung step) or whose lease expired that long ago (no worker left), and
moves them back to be retried after confirmation
(--yes: without asking; --dry-run: only list). Projects are not failed by this. Needs an admin key.

Exit codes: 0 nothing stuck, listed (--dry-run) or retried, 1 failure or not confirmed, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "clear-stuck-executions.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
exec "$qp" workflows clear-stuck "$@"
