#!/usr/bin/env bash
# backup-system.sh — write a full backup archive (wraps 'quantapilot backup create').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/backup-system.sh [--output FILE] [--data-dir DIR]

Writes one zip archive (mode 0600) with a logical database dump, the deployed workflow definitions,
the configuration files of the working directory, the master key and the local forge repositories,
plus manifest.json with SHA-256 checksums. Works while the server runs.
Default archive: ./backups/quantapilot-backup-<UTC time>.zip
Database: the embedded one under --data-dir (default $QP_DATA_DIR or ./data), or the external one
of QP_DATABASE_URL / QP_DATABASE_USER / QP_DATABASE_PASSWORD. Needs pg_dump (postgresql-client).

Exit codes: 0 archive written, 1 failure (nothing left behind), 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "backup-system.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
exec "$qp" backup create "$@"
