#!/usr/bin/env bash
# restore-system.sh — restore a full backup archive (wraps 'quantapilot backup restore').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/restore-system.sh ARCHIVE [--yes] [--data-dir DIR]

Verifies every checksum of ARCHIVE first (a corrupted archive is refused, nothing changes), then
restores the database, the local forge repositories, the master key and any configuration file
that is missing (a differing one is written next to it as *.from-backup).
Stop the server (every role) first. Start it afterwards: waiting workflows resume.
  --yes   replace a database that holds data without asking

Exit codes: 0 restored, 1 refused or failed, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "restore-system.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; "") usage >&2; exit 2 ;; esac
exec "$qp" backup restore "$@"
