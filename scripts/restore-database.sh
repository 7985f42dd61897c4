#!/usr/bin/env bash
# restore-database.sh — restore only the database from a backup archive (wraps 'quantapilot backup restore --database-only').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/restore-database.sh ARCHIVE [--yes] [--data-dir DIR]

Verifies every checksum of ARCHIVE, then replaces the database with its dump in one transaction.
Stop the server (every role) first: a data directory or database in use is refused.
  --yes   replace a database that holds data without asking

Exit codes: 0 restored, 1 refused or failed (a corrupted archive changes nothing), 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "restore-database.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; "") usage >&2; exit 2 ;; esac
exec "$qp" backup restore --database-only "$@"
